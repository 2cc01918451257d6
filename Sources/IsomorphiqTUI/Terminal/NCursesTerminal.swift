import CNCursesW
import Glibc

/// The real terminal, through ncursesw: wide characters in and out (`wget_wch`,
/// `mvaddnwstr`), colours unless `NO_COLOR` is set or the terminal has none, mouse clicks and
/// the wheel, SIGWINCH as a resize. Never blocks on input (the loop polls stdin itself).
///
/// Thread-confined to the loop's thread; `restore()` ends curses mode.
final class NCursesTerminal: TerminalDevice {
    private(set) var size: TerminalSize
    let inputDescriptor: Int32 = STDIN_FILENO
    private let colors: Bool
    private var pairs: [Int: Int16] = [:]
    private var restored = false
    private let screenPointer: OpaquePointer
    /// The tty settings from before curses, for the fatal-signal handler.
    let savedTermios: termios?

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// Enters curses mode. - Throws: `StartError` when stdin/stdout is not a terminal.
    init(options: TerminalOptions) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw StartError(description: "isomorphiq-tui needs a terminal (stdin and stdout must be a tty)")
        }
        var saved = termios()
        savedTermios = tcgetattr(STDIN_FILENO, &saved) == 0 ? saved : nil
        setlocale(LC_ALL, "")
        guard let screen = cn_newterm() else {
            throw StartError(description: "cannot start curses for TERM=\(getenv("TERM").map { String(cString: $0) } ?? "?")")
        }
        screenPointer = screen
        set_term(screen)
        raw()
        noecho()
        nonl()
        intrflush(cn_stdscr(), false)
        keypad(cn_stdscr(), true)
        nodelay(cn_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        let wantsColor = options.color ?? (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        if wantsColor, has_colors() {
            start_color()
            use_default_colors()
            colors = true
        } else {
            colors = false
        }
        if options.mouse { cn_enable_mouse() }
        size = TerminalSize(width: Int(cn_cols()), height: Int(cn_lines()))
        // Bracketed paste: a paste arrives between these two, as text, never as keys.
        define_key(Self.pasteStart, Self.pasteStartCode)
        define_key(Self.pasteEnd, Self.pasteEndCode)
        Self.writeRaw(Self.bracketedPasteOn)
    }

    static let pasteStart = "\u{1B}[200~"
    static let pasteEnd = "\u{1B}[201~"
    static let pasteStartCode: Int32 = 0x2000
    static let pasteEndCode: Int32 = 0x2001
    static let bracketedPasteOn = "\u{1B}[?2004h"
    static let bracketedPasteOff = "\u{1B}[?2004l"
    /// The most of one paste kept (characters); the rest is dropped, the paste still ends.
    static let pasteLimit = 1 << 20
    /// The paste being read, between its start and end sequences (they may span reads).
    private var pasting: [Character]?

    private static func writeRaw(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    func runOutside<T>(_ body: () -> T) -> T {
        Self.writeRaw(Self.bracketedPasteOff)
        def_prog_mode()
        endwin()
        let result = body()
        reset_prog_mode()
        Self.writeRaw(Self.bracketedPasteOn)
        cn_repaint_all()
        refresh()
        return result
    }

    /// What puts the screen back if the process dies: leave the alternate screen, show the
    /// cursor, reset attributes, stop mouse reporting.
    static func restoreSequence() -> [UInt8] {
        var bytes: [UInt8] = []
        for name in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            if let value = cn_capability(name) { bytes += Array(String(cString: value).utf8) }
        }
        bytes += Array("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?2004l".utf8)
        return bytes
    }

    func readInput() -> [InputEvent] {
        var events: [InputEvent] = []
        var character: wint_t = 0
        while true {
            let result = wget_wch(cn_stdscr(), &character)
            if result == ERR { break }
            let code = Int32(bitPattern: UInt32(character))
            if result == KEY_CODE_YES, code == Self.pasteStartCode {
                pasting = []
            } else if result == KEY_CODE_YES, code == Self.pasteEndCode {
                if let text = pasting { events.append(.paste(String(text))) }
                pasting = nil
            } else if pasting != nil {
                // Inside a paste only text counts: CR and LF are line breaks, keys are dropped.
                guard result != KEY_CODE_YES, (pasting?.count ?? 0) < Self.pasteLimit, let scalar = Unicode.Scalar(UInt32(character)) else { continue }
                pasting?.append(scalar == "\r" ? "\n" : Character(scalar))
            } else if result == KEY_CODE_YES {
                if let event = special(code) { events.append(event) }
            } else if let key = Self.key(forCharacter: UInt32(character)) {
                events.append(.key(key))
            }
        }
        return events
    }

    /// Maps a character code (not a function key) to a key.
    static func key(forCharacter code: UInt32) -> Key? {
        switch code {
        case 27: return .escape
        case 9: return .tab
        case 13: return .enter
        // Line feed: Enter sends CR (nonl), so LF is Ctrl-J (a new line in the description).
        case 10: return .ctrl("j")
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(code + 96)!))
        case 0..<32: return nil
        default: return Unicode.Scalar(code).map { .char(Character($0)) }
        }
    }

    private func special(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case KEY_RESIZE:
            // resizeterm (from our SIGWINCH) queues this; calling it again would queue another.
            size = TerminalSize(width: Int(cn_cols()), height: Int(cn_lines()))
            return .resize(size)
        case KEY_MOUSE:
            var x: Int32 = 0
            var y: Int32 = 0
            switch cn_read_mouse(&x, &y) {
            case 1: return .mouse(MouseEvent(.click, x: Int(x), y: Int(y)))
            case 2: return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y)))
            case 3: return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y)))
            default: return nil
            }
        default: return nil
        }
    }

    func refreshSize() -> TerminalSize {
        var rows: Int32 = 0
        var cols: Int32 = 0
        if cn_window_size(STDOUT_FILENO, &rows, &cols) == 0, rows > 0, cols > 0 {
            resizeterm(rows, cols)
        }
        size = TerminalSize(width: Int(cn_cols()), height: Int(cn_lines()))
        return size
    }

    func repaintAll() {
        cn_repaint_all()
    }

    func draw(_ runs: [ScreenDiff.Run]) {
        for run in runs {
            apply(run.style)
            var wide = run.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            wide.append(0)
            mvaddnwstr(Int32(run.y), Int32(run.x), wide, Int32(wide.count - 1))
        }
        cn_set_style(0, 0, 0, 0, 0)
        wnoutrefresh(cn_stdscr())
        doupdate()
    }

    private func apply(_ style: Style) {
        var bold = style.bold
        var underline = style.underline
        var pair: Int16 = 0
        if colors {
            pair = self.pair(style.foreground, style.background)
        } else if style.background != .default {
            // Without colour a highlighted background still needs to show.
            bold = true
            underline = true
        }
        if !colors, style.foreground == .red, style.bold { underline = true; bold = true }
        cn_set_style(pair, bold ? 1 : 0, style.reverse ? 1 : 0, underline ? 1 : 0, style.dim ? 1 : 0)
    }

    private func pair(_ foreground: Style.Color, _ background: Style.Color) -> Int16 {
        if foreground == .default, background == .default { return 0 }
        let key = Int(foreground.rawValue) * 16 + Int(background.rawValue)
        if let pair = pairs[key] { return pair }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < cn_color_pairs() else { return 0 }
        init_pair(next, Self.curses(foreground), Self.curses(background))
        pairs[key] = next
        return next
    }

    private static func curses(_ color: Style.Color) -> Int16 {
        switch color {
        case .default: -1
        case .black: Int16(COLOR_BLACK)
        case .red: Int16(COLOR_RED)
        case .green: Int16(COLOR_GREEN)
        case .yellow: Int16(COLOR_YELLOW)
        case .blue: Int16(COLOR_BLUE)
        case .magenta: Int16(COLOR_MAGENTA)
        case .cyan: Int16(COLOR_CYAN)
        case .white: Int16(COLOR_WHITE)
        }
    }

    func restore() {
        guard !restored else { return }
        restored = true
        Self.writeRaw(Self.bracketedPasteOff)
        curs_set(1)
        endwin()
        delscreen(screenPointer)
    }
}
