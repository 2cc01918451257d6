import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

@Suite struct UpdateCommandTests {
    /// The state with the cursor on task `n`.
    func state(on n: Int) -> AppState {
        var state = Fixture.state()
        let row = state.list.rows.firstIndex(of: Fixture.id(n))!
        state.list.select(row: row, viewHeight: 10)
        return state
    }

    func only(_ effects: [Effect]) -> [TaskAction] {
        #expect(effects.count == 1)
        return effects.first?.sentCommands?.map(\.action) ?? []
    }

    @Test func sMovesToTheNextStatusWithTheExpectedVersion() {
        var state = state(on: 3)
        let effects = state.press(.char("s"))
        #expect(only(effects) == [.setStatus(Fixture.id(3), .inProgress)])
        #expect(effects[0].sentCommands?[0].expectedVersion == 1)
        var done = self.state(on: 1)
        #expect(only(done.press(.char("s"))) == [.setStatus(Fixture.id(1), .todo)])
    }

    @Test func numberKeysSetTheStatus() {
        for (key, status) in zip(["1", "2", "3", "4"], [TaskStatus.todo, .inProgress, .done, .invalid]) {
            var state = state(on: 4)
            let effects = state.press(.char(Character(key)))
            if status == .todo {
                #expect(effects.isEmpty, "already todo: nothing to send")
            } else {
                #expect(only(effects) == [.setStatus(Fixture.id(4), status)])
            }
        }
    }

    @Test func plusAndMinusChangePriorityWithinBounds() {
        var state = state(on: 3)
        #expect(only(state.press(.char("+"))) == [.setPriority(Fixture.id(3), .high)])
        #expect(only(state.press(.char("="))) == [.setPriority(Fixture.id(3), .high)])
        #expect(only(state.press(.char("-"))) == [.setPriority(Fixture.id(3), .low)])
        var top = self.state(on: 1)
        #expect(top.press(.char("+")).isEmpty)
        #expect(top.message?.text == "nothing to change")
    }

    @Test func assignPromptsPrefilledAndEmptyUnassigns() {
        var state = state(on: 3)
        state.press(.char("a"))
        guard case .prompt(let prompt) = state.overlay else { Issue.record("no prompt"); return }
        #expect(prompt.editor.text == "alice")
        state.press(.ctrl("u"))
        state.type("dave")
        #expect(only(state.press(.enter)) == [.assign(Fixture.id(3), "dave")])
        state.press(.char("a"), .ctrl("u"))
        #expect(only(state.press(.enter)) == [.assign(Fixture.id(3), nil)])
    }

    @Test func collaboratorsPromptSendsTheDifference() {
        var state = state(on: 3)
        state.press(.char("c"))
        state.type("bob carol")
        #expect(only(state.press(.enter)) == [.updateCollaborators(Fixture.id(3), add: ["bob", "carol"], remove: [])])
    }

    @Test func wTogglesWatchingForTheCurrentUser() {
        var state = state(on: 3)
        #expect(only(state.press(.char("w"))) == [.updateWatchers(Fixture.id(3), add: ["alice"], remove: [])])
        var board = state.board
        var watched = board[Fixture.id(3)]!
        watched.watchers = ["alice"]
        board = TaskBoard(tasks: board.tasks.values.map { $0.id == watched.id ? watched : $0 }, lastSeq: 6)
        state.board = board
        #expect(only(state.press(.char("w"))) == [.updateWatchers(Fixture.id(3), add: [], remove: ["alice"])])
    }

    @Test func tagsPromptReplacesTheTagSet() {
        var state = state(on: 3)
        state.press(.char("t"))
        state.press(.ctrl("w"))
        state.type("+urgent")
        #expect(only(state.press(.enter)) == [.update(Fixture.id(3), TaskPatch(tags: ["tui", "urgent"]))])
    }

    @Test func deleteAsksFirst() {
        var state = state(on: 5)
        #expect(state.press(.char("d")).isEmpty)
        #expect(state.screen.contains("Delete #00000005"))
        #expect(state.press(.char("n")).isEmpty)
        #expect(state.overlay == nil)
        state.press(.char("d"))
        #expect(only(state.press(.char("y"))) == [.delete(Fixture.id(5))])
    }

    @Test func dependencyPickerSearchesAndToggles() {
        var state = state(on: 6)
        state.press(.char("D"))
        #expect(state.screen.contains("[x] #00000003"))
        state.type("flaky")
        guard case .picker(let picker) = state.overlay else { Issue.record("no picker"); return }
        #expect(picker.candidates(on: state.board).map(\.id) == [Fixture.id(5)])
        let effects = state.press(.enter)
        #expect(only(effects) == [.addDependency(Fixture.id(6), dependsOn: Fixture.id(5))])
        let cycle = TaskServiceError.validation("adding this dependency would make a cycle: #1 → #2", field: "dependencies")
        _ = update(&state, .commandFinished(id: effects[0].requestID!, .failure(cycle)))
        #expect(state.screen.contains("would make a cycle"))
        state.press(.ctrl("u"))
        state.type("terminal")
        #expect(only(state.press(.enter)) == [.removeDependency(Fixture.id(6), dependsOn: Fixture.id(3))])
    }

    @Test func vMarksSeveralAndAStatusKeyChangesThemInOneBatch() {
        var state = state(on: 4)
        state.press(.char("v"))
        #expect(state.list.marked == [Fixture.id(4)])
        state.press(.char("v"))
        #expect(state.list.marked == [Fixture.id(4), Fixture.id(5)])
        #expect(state.screen.contains("2 selected"))
        let effects = state.press(.char("2"))
        #expect(Set(only(effects)) == [.setStatus(Fixture.id(4), .inProgress), .setStatus(Fixture.id(5), .inProgress)])
        #expect(state.list.marked.isEmpty)
    }

    @Test func escapeClearsTheMarks() {
        var state = state(on: 4)
        state.press(.char("v"), .escape)
        #expect(state.list.marked.isEmpty)
    }

    @Test func aFailedChangeShowsTheErrorInTheStatusBar() {
        var state = state(on: 3)
        let effects = state.press(.char("s"))
        let error = TaskServiceError.forbidden("bob may not change #00000003")
        _ = update(&state, .commandFinished(id: effects[0].requestID!, .failure(error)))
        #expect(state.message == StatusMessage("status: bob may not change #00000003", isError: true, said: state.now, expires: state.now.addingTimeInterval(10)))
    }

    @Test func feedPauseCountsNewEventsAndFollowResumes() {
        var state = Fixture.state()
        state.press(.tab, .tab)
        #expect(state.focus == .feed)
        state.press(.char("p"))
        #expect(state.feed.paused)
        _ = update(&state, .event(Fixture.statusChange(state.board[Fixture.id(4)]!, to: .done, seq: 7)))
        #expect(state.feed.unseen == 1)
        #expect(state.screen.contains("PAUSED, 1 new"))
        state.press(.char(" "))
        #expect(!state.feed.paused)
        #expect(state.feed.unseen == 0)
    }

    @Test func feedTypeFilterHidesOtherTypes() {
        var state = Fixture.state()
        _ = update(&state, .event(Fixture.statusChange(state.board[Fixture.id(4)]!, to: .done, seq: 7)))
        state.press(.tab, .tab, .char("f"))
        state.type("created")
        state.press(.enter)
        #expect(state.feed.types == [.taskCreated])
        #expect(state.feed.visible.isEmpty)
        #expect(!state.screen.contains("todo → done"))
    }
}
