import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

@Suite struct UpdateNavigationTests {
    /// Sorted by priority: 1, 2, 6 (high), 3 (medium), 4, 5 (low).
    let order = [1, 2, 6, 3, 4, 5].map(Fixture.id)

    @Test func listIsSortedByPriorityThenAge() {
        #expect(Fixture.state().list.rows == order)
    }

    @Test func jkAndArrowsMoveTheCursor() {
        var state = Fixture.state()
        state.press(.char("j"))
        #expect(state.list.selectedID == order[1])
        state.press(.down, .down)
        #expect(state.list.selectedID == order[3])
        state.press(.char("k"))
        #expect(state.list.selectedID == order[2])
        state.press(.up, .up, .up)
        #expect(state.list.selectedID == order[0])
    }

    @Test func gAndShiftGJumpToTheEnds() {
        var state = Fixture.state()
        state.press(.char("G"))
        #expect(state.list.selectedID == order.last)
        state.press(.char("g"))
        #expect(state.list.selectedID == order.first)
        state.press(.end)
        #expect(state.list.selectedID == order.last)
        state.press(.home)
        #expect(state.list.selectedID == order.first)
    }

    @Test func pageKeysMoveByAScreen() {
        let board = TaskBoard(tasks: (1...100).map { Fixture.task($0, "task \($0)") }, lastSeq: 100)
        var state = Fixture.state(board: board)
        let page = state.layout.listRows - 1
        state.press(.pageDown)
        #expect(state.list.cursor == page)
        #expect(state.list.scrollTop <= state.list.cursor)
        state.press(.pageDown, .pageDown)
        #expect(state.list.cursor == 3 * page)
        #expect(state.list.cursor < state.list.scrollTop + state.layout.listRows)
        state.press(.pageUp)
        #expect(state.list.cursor == 2 * page)
        state.press(.ctrl("f"))
        #expect(state.list.cursor == 3 * page)
        state.press(.ctrl("b"))
        #expect(state.list.cursor == 2 * page)
    }

    @Test func tabCyclesPanesAndShiftTabGoesBack() {
        var state = Fixture.state()
        state.press(.tab)
        #expect(state.focus == .detail)
        state.press(.tab, .tab)
        #expect(state.focus == .clients)
        state.press(.tab)
        #expect(state.focus == .list)
        state.press(.backTab)
        #expect(state.focus == .clients)
    }

    @Test func enterOpensTheDetailAndLoadsHistoryEscReturns() {
        var state = Fixture.state()
        state.press(.char("j"))
        let effects = state.press(.enter)
        #expect(state.focus == .detail)
        #expect(effects == [.loadHistory(order[1])])
        #expect(state.screen.contains("Build the event bus"))
        #expect(state.screen.contains("Dependents (1)"))
        state.press(.escape)
        #expect(state.focus == .list)
    }

    @Test func wideLayoutLoadsHistoryAsTheCursorMoves() {
        var state = Fixture.state(TerminalSize(width: 200, height: 60))
        #expect(update(&state, .tick) == [.loadHistory(order[0])])
        #expect(state.press(.char("j")) == [.loadHistory(order[1])])
        let event = Fixture.statusChange(state.board[order[1]]!, to: .done, seq: 7)
        _ = update(&state, .historyLoaded(order[1], .success([event])))
        #expect(state.history == [event])
        #expect(state.screen.contains("in-progress → done"))
        _ = update(&state, .historyLoaded(order[0], .success([])))
        #expect(state.history == [event], "a late answer for another task is ignored")
    }

    @Test func resizeReflowsAndTooSmallShowsAMessage() {
        var state = Fixture.state()
        _ = update(&state, .resize(TerminalSize(width: 30, height: 8)))
        #expect(state.screen.contains("Terminal too small"))
        #expect(state.press(.char("j")).isEmpty)
        #expect(state.list.cursor == 0, "keys other than quit are ignored while too small")
        #expect(state.press(.char("q")) == [.quit])
        _ = update(&state, .resize(TerminalSize(width: 200, height: 60)))
        #expect(state.screen.contains("Detail"))
    }

    @Test func mouseClickSelectsARowAndFocusesThePane() {
        var state = Fixture.state()
        let y = state.layout.list.y + 2 + 3
        _ = update(&state, .mouse(MouseEvent(.click, x: 10, y: y)))
        #expect(state.list.selectedID == order[3])
        _ = update(&state, .mouse(MouseEvent(.click, x: 5, y: state.layout.feed.y + 1)))
        #expect(state.focus == .feed)
    }

    @Test func mouseWheelScrollsThePaneUnderThePointer() {
        var state = Fixture.state()
        _ = update(&state, .mouse(MouseEvent(.wheelDown, x: 10, y: 5)))
        #expect(state.list.cursor == 3)
        _ = update(&state, .mouse(MouseEvent(.wheelUp, x: 10, y: 5)))
        #expect(state.list.cursor == 0)
        #expect(state.focus == .list)
    }

    @Test func helpOverlayListsEveryBindingAndAnyKeyCloses() {
        var state = Fixture.state(TerminalSize(width: 200, height: 60))
        state.press(.char("?"))
        let screen = state.screen
        for binding in KeyMap.standard.bindings {
            #expect(screen.contains(binding.help), "help shows \(binding.help)")
        }
        state.press(.char("j"))
        #expect(state.overlay == .help(scroll: 1))
        state.press(.char("x"))
        #expect(state.overlay == nil)
    }

    @Test func paletteRunsAnActionFoundBySearch() {
        var state = Fixture.state()
        state.press(.char(":"))
        state.type("sort order")
        #expect(state.screen.contains("next sort order"))
        state.press(.enter)
        #expect(state.overlay == nil)
        #expect(state.list.sort.field == .status)
    }

    @Test func helpScrollsWithGAndSaysWhatIsBelow() {
        var state = Fixture.state(TerminalSize(width: 80, height: 24))
        state.press(.char("?"))
        #expect(state.screen.contains("more below"))
        state.press(.char("G"))
        #expect(state.overlay != nil)
        #expect(!state.screen.contains("more below"))
        #expect(state.screen.contains("In forms and prompts"))
        state.press(.char("g"))
        #expect(state.overlay == .help(scroll: 0))
        #expect(state.screen.contains("more below"))
    }

    @Test func paletteSearchIsFuzzy() {
        var state = Fixture.state()
        state.press(.char(":"))
        state.type("fltr")
        #expect(state.screen.contains("filter (status:todo"))
        state.press(.enter)
        guard case .prompt = state.overlay else {
            Issue.record("fltr did not open the filter prompt: \(String(describing: state.overlay))")
            return
        }
        func palette(_ text: String) -> Palette {
            var palette = Palette()
            palette.search = LineEditor(text)
            return palette
        }
        #expect(palette("rpnt").matches(in: KeyMap.standard).first?.action == .repaint)
        #expect(palette("zzqx").matches(in: KeyMap.standard).isEmpty)
    }

    @Test func qAndCtrlCQuit() {
        var state = Fixture.state()
        #expect(state.press(.char("q")) == [.quit])
        #expect(state.press(.ctrl("c")) == [.quit])
        #expect(update(&state, .quit) == [.quit])
    }

    @Test func sortCyclesAndReverses() {
        var state = Fixture.state()
        state.press(.char("o"))
        #expect(state.list.sort.field == .status)
        #expect(state.list.rows.first.flatMap { state.board[$0]?.status } == .todo)
        state.press(.char("O"))
        #expect(state.list.sort.reversed)
        #expect(state.list.rows.first.flatMap { state.board[$0]?.status } == .invalid)
        #expect(state.screen.contains("sort: status (reversed)"))
    }

    @Test func filterNarrowsTheListAndKeepsTheCursorTask() {
        var state = Fixture.state()
        state.press(.char("j"), .char("/"))
        state.type("@bob")
        state.press(.enter)
        #expect(state.list.rows == [Fixture.id(2)])
        #expect(state.list.selectedID == Fixture.id(2))
        #expect(state.screen.contains("filter: @bob"))
        state.press(.char("x"))
        #expect(state.list.count == 6)
        #expect(state.list.selectedID == Fixture.id(2))
    }

    @Test func aBadFilterIsAnErrorAndChangesNothing() {
        var state = Fixture.state()
        state.press(.char("/"))
        state.type("status:nope")
        state.press(.enter)
        #expect(state.list.count == 6)
        #expect(state.message?.isError == true)
        #expect(state.screen.contains("unknown status 'nope'"))
    }

    @Test func escapeInAPromptCancels() {
        var state = Fixture.state()
        state.press(.char("/"))
        state.type("@bob")
        state.press(.escape)
        #expect(state.overlay == nil)
        #expect(state.list.count == 6)
    }
}
