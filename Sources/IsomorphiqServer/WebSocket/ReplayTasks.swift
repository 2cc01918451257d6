import Synchronization

/// A WebSocket connection's start-up (presence, welcome, first replay) and its `resume`
/// replays: one at a time, each in a task of its own, so that the connection's reading task
/// never carries their stack. Thread-safe.
final class ReplayTasks: Sendable {
    private struct State {
        var current: Task<Void, Never>?
        var running = false
    }

    private let state = Mutex(State())

    /// Whether no replay is running (a `resume` may start one).
    var isIdle: Bool { state.withLock { !$0.running } }

    /// Runs `body` in a new task; call only when `isIdle` (or first).
    func start(_ body: @escaping @Sendable () async -> Void) {
        state.withLock { state in
            state.running = true
            state.current = Task {
                await body()
                // Drop the handle: a finished task keeps its memory while someone holds it.
                self.state.withLock { state in
                    state.running = false
                    state.current = nil
                }
            }
        }
    }

    /// Cancels the running task, if any, and waits for it to end.
    func cancelAndWait() async {
        guard let task = state.withLock({ $0.current }) else { return }
        task.cancel()
        await task.value
    }
}
