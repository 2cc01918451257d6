import Synchronization
import Glibc

/// A terminal in memory, for tests and benchmarks: it applies the runs it is given to a grid,
/// counts them, and reports each frame's text to `frames`. Input is fed with `type(_:)`, which
/// wakes the loop's `poll()` through a pipe exactly as a real keyboard would.
public final class FakeTerminal: TerminalDevice, Sendable {
    private struct State {
        var size: TerminalSize
        var screen: ScreenBuffer
        var input: [InputEvent] = []
        var runsDrawn = 0
        var repaints = 0
        var restored = false
    }

    private let state: Mutex<State>
    private let pipe: (read: Int32, write: Int32)
    /// Each drawn frame as text.
    public let frames: AsyncStream<String>
    private let frameSink: AsyncStream<String>.Continuation

    public init(size: TerminalSize) {
        state = Mutex(State(size: size, screen: ScreenBuffer(size: size)))
        var fds: [Int32] = [0, 0]
        Glibc.pipe(&fds)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        pipe = (fds[0], fds[1])
        (frames, frameSink) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(64))
    }

    deinit {
        close(pipe.read)
        close(pipe.write)
        frameSink.finish()
    }

    public var size: TerminalSize { state.withLock { $0.size } }
    public var inputDescriptor: Int32 { pipe.read }
    public var text: String { state.withLock { $0.screen.text } }
    public var screen: ScreenBuffer { state.withLock { $0.screen } }
    public var runsDrawn: Int { state.withLock { $0.runsDrawn } }
    /// How many times the program asked for a full repaint.
    public var repaints: Int { state.withLock { $0.repaints } }

    public func repaintAll() {
        state.withLock { state in
            state.repaints += 1
            state.screen = ScreenBuffer(size: state.size)
        }
    }
    public var isRestored: Bool { state.withLock { $0.restored } }

    /// Runs `body` at once: there is no screen to leave.
    public func runOutside<T>(_ body: () -> T) -> T { body() }

    /// Queues input and wakes the reader. Callable from any thread.
    public func type(_ events: [InputEvent]) {
        state.withLock { $0.input += events }
        var byte: UInt8 = 1
        _ = write(pipe.write, &byte, 1)
    }

    /// Types each character of `text` as a key.
    public func type(_ text: String) {
        type(text.map { InputEvent.key(.char($0)) })
    }

    /// Changes the size; the loop learns it like a SIGWINCH, as a `.resize` input.
    public func resize(to size: TerminalSize) {
        state.withLock {
            $0.size = size
            $0.screen = ScreenBuffer(size: size)
        }
        type([.resize(size)])
    }

    public func readInput() -> [InputEvent] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(pipe.read, &buffer, buffer.count) > 0 {}
        return state.withLock { state in
            defer { state.input.removeAll() }
            return state.input
        }
    }

    public func refreshSize() -> TerminalSize { size }

    public func draw(_ runs: [ScreenDiff.Run]) {
        let text: String = state.withLock { state in
            for run in runs {
                state.screen.write(run.text, x: run.x, y: run.y, style: run.style)
            }
            state.runsDrawn += runs.count
            return state.screen.text
        }
        frameSink.yield(text)
    }

    public func restore() {
        state.withLock { $0.restored = true }
    }
}
