import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

@Suite struct ScreenBufferTests {
    @Test func wideCharactersTakeTwoCellsAndKeepColumnsAligned() {
        var screen = ScreenBuffer(size: TerminalSize(width: 10, height: 2))
        #expect(screen.write("日本x", x: 0, y: 0) == 5)
        #expect(screen[0, 0].width == 2)
        #expect(screen[1, 0].isContinuation)
        #expect(screen[4, 0].character == "x")
        screen.write("abcde", x: 0, y: 1)
        #expect(CharacterWidth.of(screen.line(0)) == CharacterWidth.of(screen.line(1)))
    }

    @Test func aWideCharacterNeverStraddlesTheClip() {
        var screen = ScreenBuffer(size: TerminalSize(width: 10, height: 1))
        #expect(screen.write("ab日", x: 0, y: 0, maxWidth: 3) == 3)
        #expect(screen.line(0) == "ab")
        #expect(screen[2, 0].width == 1)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var screen = ScreenBuffer(size: TerminalSize(width: 6, height: 1))
        screen.write("日本", x: 0, y: 0)
        screen.write("x", x: 1, y: 0)
        #expect(screen.line(0) == " x本")
        screen.write("y", x: 2, y: 0)
        #expect(screen.line(0) == " xy")
        #expect(!screen[3, 0].isContinuation)
    }

    @Test func controlCharactersShowAsQuestionMarks() {
        var screen = ScreenBuffer(size: TerminalSize(width: 6, height: 1))
        screen.write("a\u{1B}b\n", x: 0, y: 0)
        #expect(screen.line(0) == "a?b?")
    }

    @Test func theDiffWritesOnlyChangedCells() {
        var old = ScreenBuffer(size: TerminalSize(width: 20, height: 3))
        old.write("hello world", x: 0, y: 1)
        var new = old
        new.write("W", x: 6, y: 1)
        let runs = ScreenDiff.runs(from: old, to: new)
        #expect(runs == [ScreenDiff.Run(x: 6, y: 1, text: "W", style: .plain, width: 1)])
        #expect(ScreenDiff.runs(from: new, to: new).isEmpty)
        #expect(ScreenDiff.runs(from: nil, to: new).count == 3, "a first frame is drawn whole, one run a row")
    }

    @Test func theDiffSplitsRunsByStyleAndSkipsContinuations() {
        let old = ScreenBuffer(size: TerminalSize(width: 10, height: 1))
        var new = old
        new.write("日x", x: 0, y: 0)
        new.write("y", x: 3, y: 0, style: .bold)
        let runs = ScreenDiff.runs(from: old, to: new)
        #expect(runs.map(\.text) == ["日x", "y"])
        #expect(runs.map(\.x) == [0, 3])
    }

    @Test func aFakeTerminalFedTheDiffShowsTheFrame() {
        let terminal = FakeTerminal(size: TerminalSize(width: 80, height: 24))
        var driver = FrameDriver()
        var state = Fixture.state()
        driver.present(render(state, size: state.size), on: terminal)
        #expect(terminal.text == state.screen)
        let before = terminal.runsDrawn
        let previous = render(state, size: state.size)
        state.press(.char("j"))
        let changedRows = Set(ScreenDiff.runs(from: previous, to: render(state, size: state.size)).map(\.y))
        #expect(changedRows == [2, 3], "moving the cursor rewrites two rows, not the screen")
        let runs = driver.present(render(state, size: state.size), on: terminal)
        #expect(terminal.text == state.screen)
        #expect(driver.present(render(state, size: state.size), on: terminal) == 0)
        #expect(terminal.runsDrawn == before + runs)
    }
}

@Suite struct CharacterWidthTests {
    @Test func widths() {
        #expect(CharacterWidth.of("a") == 1)
        #expect(CharacterWidth.of("é") == 1)
        #expect(CharacterWidth.of("日") == 2)
        #expect(CharacterWidth.of("한") == 2)
        #expect(CharacterWidth.of("🎉") == 2)
        #expect(CharacterWidth.of("ｱ") == 1)
        #expect(CharacterWidth.of("Ａ") == 2)
        #expect(CharacterWidth.of("─") == 1)
        #expect(CharacterWidth.of("\u{301}") == 0)
    }

    @Test func agreesWithGlibcWcwidthInAUTF8Locale() throws {
        let old = String(cString: setlocale(LC_CTYPE, nil))
        defer { setlocale(LC_CTYPE, old) }
        try #require(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        // glibc's wcwidth, looked up at run time (Glibc's module map does not export it).
        typealias WidthFunction = @convention(c) (Int32) -> Int32
        let symbol = try #require(dlsym(nil, "wcwidth"))
        let wcwidth = unsafeBitCast(symbol, to: WidthFunction.self)
        let samples = "aZ~é日本語한글ｱＡ🎉😀✅❤★─│┌→…⊘✓·中文字ひらがなカタカナ"
        for character in samples {
            let scalar = character.unicodeScalars.first!
            let expected = Int(wcwidth(Int32(bitPattern: scalar.value)))
            #expect(CharacterWidth.of(character) == expected, "width of \(character) U+\(String(scalar.value, radix: 16))")
        }
    }
}

/// Clusters terminals disagree on are drawn in a form they all agree on, and ncurses (which counts
/// each scalar with wcwidth) agrees with the width the buffer gives it.
@Suite struct GraphemeClusterTests {
    static let table: [(cluster: String, drawn: String, width: Int)] = [
        ("👨\u{200D}👩\u{200D}👧", "👨", 2),  // ZWJ family
        ("🧑\u{200D}💻", "🧑", 2),
        ("👍🏽", "👍", 2),  // skin tone
        ("🇯🇵", "🇯🇵", 2),  // flag
        ("🇯", "🇯", 1),  // a regional indicator alone
        ("❤\u{FE0F}", "❤", 1),  // VS16
        ("❤\u{FE0E}", "❤", 1),  // VS15
        ("1\u{FE0F}\u{20E3}", "1\u{20E3}", 1),  // keycap
        ("🏳\u{FE0F}\u{200D}🌈", "🏳", 1),
        ("e\u{301}", "e\u{301}", 1),  // combining mark
        ("日", "日", 2),
        ("한", "한", 2),
    ]

    @Test func drawnFormsAndWidths() throws {
        let old = String(cString: setlocale(LC_CTYPE, nil))
        defer { setlocale(LC_CTYPE, old) }
        try #require(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        typealias WidthFunction = @convention(c) (Int32) -> Int32
        let wcwidth = unsafeBitCast(try #require(dlsym(nil, "wcwidth")), to: WidthFunction.self)
        for (cluster, drawn, width) in Self.table {
            let character = try #require(cluster.count == 1 ? cluster.first : nil, "\(cluster) is one cluster")
            let shown = CharacterWidth.display(character)
            #expect(String(shown) == drawn, "\(cluster.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(CharacterWidth.of(character) == width, "\(cluster)")
            let ncurses = shown.unicodeScalars.reduce(0) { $0 + max(0, Int(wcwidth(Int32(bitPattern: $1.value)))) }
            #expect(ncurses == width, "ncurses counts \(ncurses) for \(cluster)")
        }
    }

    @Test func aRowOfSuchTitlesKeepsItsColumns() {
        var screen = ScreenBuffer(size: TerminalSize(width: 40, height: 1))
        let text = Self.table.map(\.cluster).joined() + "|"
        let used = screen.write(text, x: 0, y: 0)
        #expect(used == Self.table.reduce(0) { $0 + $1.width } + 1)
        #expect(screen[used - 1, 0].character == "|")
    }
}

@Suite struct TaskQueryTests {
    let board = Fixture.board()

    func titles(_ text: String) throws -> [String] {
        let query = try TaskQuery.parse(text)
        return board.tasks.values.filter { query.matches($0, on: board, user: "alice") }.map(\.title).sorted()
    }

    @Test func termsCombine() throws {
        #expect(try titles("status:todo priority:high") == ["Release 0.1"])
        #expect(try titles("status:todo status:done priority:h") == ["Release 0.1", "Write the design doc"])
        #expect(try titles("@alice +ui") == ["Terminal UI"])
        #expect(try titles("@me -status:done") == ["Terminal UI"])
        #expect(try titles("@none priority:low") == ["Fix flaky test", "日本語のタスク 🎉 wide"])
        #expect(try titles("is:blocked") == ["Release 0.1", "Terminal UI"])
        #expect(try titles("-is:open") == ["Fix flaky test", "Write the design doc"])
        #expect(try titles("event BUS") == ["Build the event bus"])
        #expect(try titles("#00000005") == ["Fix flaky test"])
        #expect(try titles("status:in") == ["Build the event bus"])
        #expect(try titles("-+core priority:high") == ["Release 0.1", "Write the design doc"])
    }

    @Test func badTermsSayWhatIsWrong() {
        #expect(throws: QueryError.self) { try TaskQuery.parse("status:maybe") }
        #expect(throws: QueryError.self) { try TaskQuery.parse("priority:urgent") }
        #expect(throws: QueryError.self) { try TaskQuery.parse("colour:red") }
        #expect(throws: QueryError.self) { try TaskQuery.parse("is:late") }
    }
}

@Suite struct KeyMapTests {
    @Test func everyBindingDispatchesToItsAction() {
        let map = KeyMap.standard
        for binding in map.bindings {
            let pane: Pane = binding.scope == .feed ? .feed : .list
            for key in binding.keys {
                #expect(map.action(for: key, in: pane) == binding.action, "\(key.label) in \(pane)")
            }
        }
    }

    @Test func noKeyIsBoundTwiceInOneScope() {
        var seen: [String: Action] = [:]
        for binding in KeyMap.standard.bindings {
            for key in binding.keys {
                let slot = "\(binding.scope)-\(key)"
                #expect(seen[slot] == nil, "\(key.label) twice in \(binding.scope.rawValue)")
                seen[slot] = binding.action
            }
        }
    }

    @Test func lineEditorEdits() {
        var editor = LineEditor("hello world")
        editor.handle(.ctrl("w"))
        #expect(editor.text == "hello ")
        editor.handle(.home)
        editor.handle(.char(">"))
        editor.handle(.end)
        editor.handle(.backspace)
        #expect(editor.text == ">hello")
        editor.handle(.left)
        editor.handle(.delete)
        #expect(editor.text == ">hell")
        editor.handle(.ctrl("u"))
        #expect(editor.text == "")
    }
}
