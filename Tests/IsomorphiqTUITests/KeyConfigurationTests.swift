import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

/// Key bindings and colours from the configuration: the one key table still drives dispatch,
/// help, the palette and the hint; a binding that cannot work is refused, named.
@Suite struct KeyConfigurationTests {
    @Test func theStandardTableGivesEveryKeyOneMeaning() throws {
        try KeyMap.standard.checkUnambiguous()
        #expect(Set(KeyMap.standard.bindings.map(\.action)) == Set(Action.all), "every action has a name and a binding")
        for action in Action.all { #expect(Action(name: action.name) == action) }
    }

    @Test func aReboundKeyDrivesDispatchHelpPaletteAndHint() throws {
        let keyMap = try KeyMap.standard.overriding(["undo": ["ctrl-z", "U"], "newTask": ["a"], "assign": ["A"]])
        var state = Fixture.state(TerminalSize(width: 120, height: 40))
        state.keyMap = keyMap
        #expect(keyMap.action(for: .ctrl("z"), in: .list) == .undo)
        #expect(keyMap.action(for: .char("u"), in: .list) == nil, "the old key is free")
        state.press(.char("a"))
        guard case .form = state.overlay else { Issue.record("a did not open the new-task form"); return }
        state.press(.escape)
        #expect(HelpView(keyMap: keyMap, scroll: 0).lines.contains { $0.0.contains("Ctrl-Z U") && $0.0.contains("undo your last change") })
        var palette = Palette()
        palette.search = LineEditor("undo")
        #expect(palette.matches(in: keyMap).first?.keyLabel == "Ctrl-Z U")
        let screen = render(state, size: state.size).text
        #expect(screen.contains("Ctrl-Z undo") && screen.contains("a new"), "the hint follows the table")
    }

    @Test("a binding that cannot work is refused, naming it", arguments: [
        (["undoo": ["u"]], "tui.keys.undoo: no such action"),
        (["undo": ["ctl-z"]], "tui.keys.undo: 'ctl-z' is not a key"),
        (["undo": []], "tui.keys.undo: give at least one key"),
        (["undo": ["j"]], "tui.keys.undo: 'j' is already the key of moveDown"),
        (["help": ["ctrl-f"]], "tui.keys.help: 'Ctrl-F' is already the key of pageDown"),
    ])
    func refusals(overrides: [String: [String]], message: String) {
        #expect {
            _ = try KeyMap.standard.overriding(overrides)
        } throws: { error in
            (error as? TUIConfigurationError)?.message.hasPrefix(message) == true
        }
    }

    @Test func aKeyOfOnePaneMayDoSomethingElseInAnother() throws {
        // Space marks in the list and pauses the feed as standard; p may mark in the list too.
        let keyMap = try KeyMap.standard.overriding(["toggleSelect": ["p"]])
        #expect(keyMap.action(for: .char("p"), in: .list) == .toggleSelect)
        #expect(keyMap.action(for: .char("p"), in: .feed) == .toggleFollow)
    }

    @Test func colorsComeFromTheThemeByRole() throws {
        let theme = try Theme.standard.overriding(["focus": "magenta", "error": "Yellow"])
        var state = Fixture.state(TerminalSize(width: 100, height: 30))
        state.theme = theme
        let screen = render(state, size: state.size)
        let corner = screen.cells[0]
        #expect(corner.style.foreground == .magenta, "the focused pane's frame is the focus colour")
        #expect(theme.error.foreground == .yellow)
        #expect(throws: TUIConfigurationError.self) { try Theme.standard.overriding(["focuss": "red"]) }
        #expect(throws: TUIConfigurationError.self) { try Theme.standard.overriding(["focus": "purple"]) }
    }
}
