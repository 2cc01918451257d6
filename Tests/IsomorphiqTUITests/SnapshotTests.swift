import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

@Suite struct SnapshotTests {
    static let small = TerminalSize(width: 80, height: 24)
    static let large = TerminalSize(width: 200, height: 60)

    /// A state with history, feed events and a client, as a session would look.
    static func busy(_ size: TerminalSize) -> AppState {
        var state = Fixture.state(size)
        let board = state.board
        _ = update(&state, .event(Fixture.statusChange(board[Fixture.id(3)]!, to: .inProgress, seq: 7)))
        let presence = ClientPresence(connectionId: "c1", user: "carol", program: "browser", address: "127.0.0.1:51234", at: Fixture.t0.addingTimeInterval(650))
        _ = update(&state, .event(Fixture.factory().clientConnected(presence)))
        state.now = Fixture.t0.addingTimeInterval(800)
        _ = update(&state, .tick)
        _ = update(&state, .historyLoaded(state.list.selectedID!, .success([])))
        return state
    }

    @Test(arguments: [small, large])
    func mainScreen(size: TerminalSize) {
        Snapshot.check(Self.busy(size).screen, named: "main-\(size)")
    }

    @Test(arguments: [small, large])
    func helpOverlay(size: TerminalSize) {
        var state = Self.busy(size)
        state.press(.char("?"))
        Snapshot.check(state.screen, named: "help-\(size)")
    }

    @Test(arguments: [small, large])
    func newTaskFormWithError(size: TerminalSize) {
        var state = Self.busy(size)
        state.press(.char("n"))
        state.type(String(repeating: "x", count: 3))
        state.press(.tab, .tab, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        state.type("urgent")
        state.press(.enter)
        Snapshot.check(state.screen, named: "form-\(size)")
    }

    @Test func detailPaneNarrow() {
        var state = Self.busy(Self.small)
        state.press(.down, .down, .enter)
        let id = state.list.selectedID!
        let history = [Fixture.statusChange(state.board[id]!, to: .inProgress, seq: 9, user: "carol")]
        _ = update(&state, .historyLoaded(id, .success(history)))
        Snapshot.check(state.screen, named: "detail-80x24")
    }

    @Test func filteredAndPausedFeed() {
        var state = Self.busy(Self.large)
        state.press(.char("/"))
        state.type("priority:high -status:done")
        state.press(.enter, .tab, .tab, .char("p"))
        _ = update(&state, .event(Fixture.statusChange(state.board[Fixture.id(6)]!, to: .inProgress, seq: 8)))
        Snapshot.check(state.screen, named: "filtered-paused-200x60")
    }

    @Test func tooSmall() {
        let state = Fixture.state(TerminalSize(width: 40, height: 10))
        Snapshot.check(state.screen, named: "too-small-40x10")
    }
}
