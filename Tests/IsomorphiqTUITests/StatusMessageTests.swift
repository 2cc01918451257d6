import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

/// What the status line and the form say after a refusal, and how long it stays true.
@Suite struct StatusMessageTests {
    func state(on n: Int, size: TerminalSize = TerminalSize(width: 80, height: 24)) -> AppState {
        var state = Fixture.state(size)
        let row = state.list.rows.firstIndex(of: Fixture.id(n))!
        state.list.select(row: row, viewHeight: 10)
        return state
    }

    func conflict() -> TaskServiceError {
        TaskServiceError(.conflict, "#00000003 changed since you read it (bob set status done)", currentVersion: 2)
    }

    @Test func aConflictOnAListKeySaysToPressTheKeyAgainNotEnter() {
        var state = state(on: 3)
        let effects = state.press(.char("s"))
        _ = update(&state, .commandFinished(id: effects[0].requestID!, .failure(conflict())))
        let text = state.message?.text ?? ""
        #expect(text.contains("press the key again"), "\(text)")
        #expect(!text.contains("Enter"), "Enter does nothing in the list: \(text)")
    }

    @Test func aConflictingUndoSaysItWouldOverwriteInsteadOfInvitingARetry() {
        var state = state(on: 3)
        let sent = state.press(.char("s"))
        let change = Fixture.statusChange(state.board[Fixture.id(3)]!, to: .inProgress, seq: 10, user: "alice")
        _ = update(&state, .commandFinished(id: sent[0].requestID!, .success([change])))
        let undo = state.press(.char("u"))
        _ = update(&state, .commandFinished(id: undo[0].requestID!, .failure(conflict())))
        let text = state.message?.text ?? ""
        #expect(text.hasPrefix("cannot undo:"))
        #expect(text.contains("would overwrite that change") && !text.contains("Enter"), "\(text)")
    }

    @Test func aChangeSentClearsAnOldMessage() {
        var state = state(on: 4)
        state.press(.char("1"))  // already todo
        #expect(state.message?.text == "nothing to change")
        let effects = state.press(.char("2"))
        #expect(effects.count == 1)
        #expect(state.message == nil, "the old 'nothing to change' is not about this change")
    }

    @Test func fixingTheFieldAnErrorNamesClearsTheError() {
        var state = Fixture.state()
        state.press(.char("n"))
        state.type("Dated")
        state.press(.tab, .tab, .tab, .tab, .tab)
        state.type("2026-02-30")
        state.press(.enter)
        guard case .form(let refused) = state.overlay else { Issue.record("form closed"); return }
        #expect(refused.errorField == .due)
        state.press(.backspace)
        guard case .form(let editing) = state.overlay else { Issue.record("form closed"); return }
        #expect(editing.error == nil && editing.errorField == nil, "the error under the due field stays after it was edited")
    }

    @Test func movingBetweenFieldsKeepsTheError() {
        var state = Fixture.state()
        state.press(.char("n"))
        state.type(String(repeating: "a", count: 201))
        state.press(.enter, .tab)
        guard case .form(let form) = state.overlay else { Issue.record("form closed"); return }
        #expect(form.error?.contains("at most 200") == true, "only editing the field answers the error")
    }

    @Test func aLongMessageSaysWhereToReadItAndMShowsItWhole() {
        var state = state(on: 3, size: TerminalSize(width: 60, height: 20))
        let long = "status: the server refused the change because " + String(repeating: "the reason goes on ", count: 8) + "THE END"
        state.say(long, error: true)
        let screen = render(state, size: TerminalSize(width: 60, height: 20)).text
        #expect(screen.contains("(M: read in full)"), "\(screen)")
        #expect(!screen.contains("THE END"))
        state.press(.char("M"))
        guard case .messages = state.overlay else { Issue.record("M opened no overlay: \(String(describing: state.overlay))"); return }
        let log = render(state, size: TerminalSize(width: 60, height: 20)).text
        #expect(log.contains("THE END"), "\(log)")
        #expect(log.contains("status: the server refused"))
        state.press(.char("q"))
        #expect(state.overlay == nil, "any other key closes it")
    }

    @Test func theMessageLogIsBounded() {
        var state = Fixture.state()
        for n in 0..<(AppState.messageLogLimit + 20) { state.say("message \(n)") }
        #expect(state.messageLog.count == AppState.messageLogLimit)
        #expect(state.messageLog.last?.text == "message \(AppState.messageLogLimit + 19)")
    }

    @Test func theDetailPaneShowsALongTitleWhole() {
        var board = Fixture.board()
        var task = board[Fixture.id(3)]!
        task.title = "An unusually long title that the list must cut but the detail pane wraps until ITS LAST WORD"
        board = TaskBoard(tasks: board.tasks.values.map { $0.id == task.id ? task : $0 }, lastSeq: board.lastSeq)
        var state = Fixture.state(TerminalSize(width: 80, height: 24), board: board)
        state.list.select(row: state.list.rows.firstIndex(of: task.id)!, viewHeight: 10)
        let lines = DetailView(state: state).lines(for: task, width: 38).map(\.text)
        let title = lines.prefix { !$0.hasPrefix("Status") }
        #expect(title.count > 1, "\(lines.prefix(4))")
        #expect(title.joined(separator: " ").contains("ITS LAST WORD"), "\(title)")
        #expect(title.allSatisfy { CharacterWidth.of($0) <= 38 })
    }
}
