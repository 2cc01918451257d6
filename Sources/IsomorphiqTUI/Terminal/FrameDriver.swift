/// Presents frames: diffs each against the last one drawn and sends only the changed runs.
/// After a resize the next frame is drawn whole.
public struct FrameDriver {
    private var previous: ScreenBuffer?
    public private(set) var framesDrawn = 0
    public private(set) var cellsWritten = 0

    public init() {}

    /// Draws `frame`; returns the runs written (none when nothing changed).
    @discardableResult
    public mutating func present(_ frame: ScreenBuffer, on terminal: some TerminalDevice) -> Int {
        let runs = ScreenDiff.runs(from: previous, to: frame)
        previous = frame
        guard !runs.isEmpty else { return 0 }
        terminal.draw(runs)
        framesDrawn += 1
        cellsWritten += runs.reduce(0) { $0 + $1.width }
        return runs.count
    }

    /// Forgets the last frame, so the next is drawn in full.
    public mutating func invalidate() {
        previous = nil
    }
}
