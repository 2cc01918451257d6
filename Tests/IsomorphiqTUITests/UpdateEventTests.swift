import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

@Suite struct UpdateEventTests {
    @Test func aRemoteChangeKeepsTheCursorOnItsTaskAndHighlightsTheRow() {
        let board = TaskBoard(tasks: (1...100).map { Fixture.task($0, "task \($0)") }, lastSeq: 100)
        var state = Fixture.state(board: board)
        for _ in 0..<50 { state.press(.char("j")) }
        let selected = state.list.selectedID!
        let before = state.list.cursor - state.list.scrollTop
        // Someone raises a task below the cursor to high: it moves to the top, above the cursor.
        var raised = state.board[Fixture.id(80)]!
        raised.priority = .high
        raised.version = 2
        let event = Fixture.event({ f, c in f.taskPriorityChanged(raised, from: .medium, context: c) }, seq: 101)
        _ = update(&state, .event(event))
        #expect(state.list.rows.first == Fixture.id(80))
        #expect(state.list.selectedID == selected)
        #expect(state.list.cursor == 51)
        #expect(state.list.cursor - state.list.scrollTop == before, "the selected row stays where it was on screen")
        #expect(state.highlights[Fixture.id(80)] == state.now.addingTimeInterval(1.5))
        #expect(state.nextDeadline == state.now.addingTimeInterval(1))
        #expect(state.board.lastSeq == 101)
    }

    @Test func highlightsFadeOnTheTickAfterTheirDeadline() {
        var state = Fixture.state()
        _ = update(&state, .event(Fixture.statusChange(state.board[Fixture.id(4)]!, to: .done, seq: 7)))
        state.now = state.now.addingTimeInterval(1.6)
        _ = update(&state, .tick)
        #expect(state.highlights.isEmpty)
        #expect(state.eventsPerSecond == 0)
        #expect(state.nextDeadline == nil, "nothing pending: the loop may sleep untimed")
    }

    @Test func eventsAlreadyInTheBoardAreSkipped() {
        var state = Fixture.state()
        let stale = Fixture.statusChange(state.board[Fixture.id(4)]!, to: .done, seq: 6)
        _ = update(&state, .event(stale))
        #expect(state.board[Fixture.id(4)]?.status == .todo)
        #expect(state.feed.events.isEmpty)
    }

    @Test func deletingTheSelectedTaskKeepsTheRowNumber() {
        var state = Fixture.state()
        state.press(.char("j"))
        let task = state.board[Fixture.id(2)]!
        let deleted = Fixture.event({ f, c in f.taskDeleted(task, context: c) }, seq: 7)
        _ = update(&state, .event(deleted))
        #expect(state.list.cursor == 1)
        #expect(state.list.selectedID == Fixture.id(6))
        #expect(state.feed.events.count == 1)
    }

    @Test func aDeletionClosesItsConfirmation() {
        var state = Fixture.state()
        state.press(.char("d"))
        let deleted = Fixture.event({ f, c in f.taskDeleted(state.board[Fixture.id(1)]!, context: c) }, seq: 7)
        _ = update(&state, .event(deleted))
        #expect(state.overlay == nil)
        #expect(state.message?.text.contains("deleted by bob") == true)
    }

    @Test func aFilteredOutChangeLeavesTheList() {
        var state = Fixture.state()
        state.press(.char("/"))
        state.type("status:todo")
        state.press(.enter)
        #expect(state.list.count == 3)
        _ = update(&state, .event(Fixture.statusChange(state.board[Fixture.id(4)]!, to: .done, seq: 7)))
        #expect(state.list.count == 2)
    }

    @Test func clientsComeAndGo() {
        var state = Fixture.state()
        let presence = ClientPresence(connectionId: "c1", user: "carol", program: "python", address: "127.0.0.1:5000", at: Fixture.t0)
        _ = update(&state, .event(Fixture.factory().clientConnected(presence)))
        #expect(state.clients.count == 1)
        #expect(state.screen.contains("carol    python"))
        #expect(state.screen.contains("1 client "))
        _ = update(&state, .event(Fixture.factory().clientDisconnected(presence)))
        #expect(state.clients.count == 0)
        #expect(state.feed.events.count == 2)
    }

    @Test func historyFollowsLiveEventsForTheShownTask() {
        var state = Fixture.state(TerminalSize(width: 200, height: 60))
        _ = update(&state, .tick)
        _ = update(&state, .historyLoaded(Fixture.id(1), .success([])))
        let event = Fixture.statusChange(state.board[Fixture.id(1)]!, to: .todo, seq: 7)
        _ = update(&state, .event(event))
        #expect(state.history == [event])
    }

    @Test func resyncReplacesTheBoardAndKeepsTheCursorTask() {
        var state = Fixture.state()
        state.press(.char("j"))
        var board = Fixture.board()
        board.apply(Fixture.statusChange(board[Fixture.id(4)]!, to: .done, seq: 50))
        _ = update(&state, .resync(board))
        #expect(state.board.lastSeq == 50)
        #expect(state.list.selectedID == Fixture.id(2))
    }

    @Test func eventsPerSecondCountsTheLastSecond() {
        var state = Fixture.state()
        for seq in 7...9 {
            _ = update(&state, .event(Fixture.statusChange(state.board[Fixture.id(4)]!, to: seq % 2 == 0 ? .done : .todo, seq: Int64(seq))))
        }
        #expect(state.eventsPerSecond == 3)
        #expect(state.screen.contains("3 ev/s"))
    }
}

@Suite struct UndoTests {
    func run(_ state: inout AppState, _ effects: [Effect], result: [Event]) {
        for effect in effects { _ = update(&state, .commandFinished(id: effect.requestID!, .success(result))) }
    }

    @Test func undoSendsTheCompensationAndRedoSendsItBack() throws {
        var state = Fixture.state()
        let task = state.board[Fixture.id(1)]!
        let changed = Fixture.statusChange(task, to: .todo, seq: 7, user: "alice")
        run(&state, state.press(.char("s")), result: [changed])
        let undo = state.press(.char("u"))
        let commands = try #require(undo.first?.sentCommands)
        #expect(commands == [TaskCommand(.setStatus(task.id, .done), expectedVersion: 2)])
        var after = changed.payload.task!
        let undone = Fixture.statusChange(after, to: .done, seq: 8, user: "alice")
        run(&state, undo, result: [undone])
        after = undone.payload.task!
        let redo = try #require(state.press(.ctrl("r")).first?.sentCommands)
        #expect(redo == [TaskCommand(.setStatus(task.id, .todo), expectedVersion: 3)])
    }

    @Test func nothingToUndoSaysSo() {
        var state = Fixture.state()
        #expect(state.press(.char("u")).isEmpty)
        #expect(state.message?.text == "nothing to undo")
        #expect(state.press(.ctrl("r")).isEmpty)
        #expect(state.message?.text == "nothing to redo")
    }

    @Test func aFailedUndoStaysUndoable() throws {
        var state = Fixture.state()
        run(&state, state.press(.char("s")), result: [Fixture.statusChange(state.board[Fixture.id(1)]!, to: .todo, seq: 7)])
        let undo = state.press(.char("u"))
        _ = update(&state, .commandFinished(id: undo[0].requestID!, .failure(.conflict(expected: 2, current: 5))))
        #expect(state.undo.undo.count == 1)
        #expect(state.message?.text.hasPrefix("cannot undo") == true)
    }

    @Test func aBatchUndoesAsOneBatchInReverseOrder() {
        let board = Fixture.board()
        let correlation = UUID()
        var first = Fixture.statusChange(board[Fixture.id(4)]!, to: .done, seq: 7)
        var second = Fixture.statusChange(board[Fixture.id(5)]!, to: .todo, seq: 8)
        first.metadata.correlationId = correlation
        second.metadata.correlationId = correlation
        let commands = Compensation.commands(undoing: [first, second])
        #expect(commands == [
            TaskCommand(.setStatus(Fixture.id(5), .invalid), expectedVersion: 2),
            TaskCommand(.setStatus(Fixture.id(4), .todo), expectedVersion: 2),
        ])
    }

    @Test func everyTaskEventHasAnInverse() {
        let task = Fixture.task(9, "x", assignee: "bob", tags: ["a"])
        let f = Fixture.factory()
        let c = EventContext(userId: "alice", source: "tui")
        var moved = task
        moved.tags = ["b"]
        let cases: [(Event, TaskAction)] = [
            (f.taskCreated(task, context: c), .delete(task.id)),
            (f.taskPriorityChanged(task, from: .low, context: c), .setPriority(task.id, .low)),
            (f.taskAssigned(task, from: nil, context: c), .assign(task.id, nil)),
            (f.taskCollaboratorsUpdated(task, added: ["x"], removed: ["y"], context: c), .updateCollaborators(task.id, add: ["y"], remove: ["x"])),
            (f.taskWatchersUpdated(task, added: ["x"], removed: [], context: c), .updateWatchers(task.id, add: [], remove: ["x"])),
            (f.taskDependencyAdded(task, dependsOn: Fixture.id(1), context: c), .removeDependency(task.id, dependsOn: Fixture.id(1))),
            (f.taskDependencyRemoved(task, removed: Fixture.id(1), context: c), .addDependency(task.id, dependsOn: Fixture.id(1))),
            (f.taskUpdated(moved, changes: ["tags": FieldChange(old: .array([.string("a")]), new: .array([.string("b")])),
                                            "title": FieldChange(old: .string("old"), new: .string("x"))], context: c),
             .update(task.id, TaskPatch(title: "old", tags: ["a"]))),
        ]
        for (event, inverse) in cases {
            #expect(Compensation.inverse(of: event.payload) == inverse)
        }
        guard case .create(let recreated) = Compensation.inverse(of: f.taskDeleted(task, context: c).payload) else {
            Issue.record("deletion must invert to a create")
            return
        }
        #expect(recreated.id == task.id)
        #expect(recreated.assignedTo == "bob")
    }
}
