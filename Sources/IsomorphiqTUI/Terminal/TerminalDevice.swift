/// The terminal as the program loop sees it: a size, input to poll and read, and runs of
/// cells to draw. `NCursesTerminal` is the real one, `FakeTerminal` the one tests use.
///
/// Thread-confined: created, used and restored on the loop's thread only.
public protocol TerminalDevice: AnyObject, SendableMetatype {
    var size: TerminalSize { get }
    /// The descriptor to `poll()` for input, or -1 when input arrives otherwise.
    var inputDescriptor: Int32 { get }
    /// Everything readable now, without blocking.
    func readInput() -> [InputEvent]
    /// Re-reads the size after SIGWINCH.
    func refreshSize() -> TerminalSize
    /// Writes the runs (and nothing else) and shows the result.
    func draw(_ runs: [ScreenDiff.Run])
    /// Forgets what the terminal shows: the next `draw` starts from a cleared screen (the
    /// repaint key, for a screen another program or a terminal's disagreement left stale).
    func repaintAll()
    /// Gives the screen to another program for `body` (an editor), then takes it back; the
    /// caller repaints.
    func runOutside<T>(_ body: () -> T) -> T
    /// Gives the terminal back as it was. Safe to call twice.
    func restore()
}
