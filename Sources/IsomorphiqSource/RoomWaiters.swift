import Synchronization

/// Tasks waiting for room in a bounded buffer (`UpdateChannel`, `Mailbox`). A task is queued
/// only while `isFull()` still holds, checked under this lock, and the buffer calls `wakeAll()`
/// (never while holding its own lock) after it made room or ended; so no wake-up is lost. A
/// woken task checks again. Cancellation wakes the cancelled task.
public final class RoomWaiters: Sendable {
    private struct State {
        var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
        var next = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Returns once `isFull()` may no longer hold, or the task is cancelled.
    public func wait(whileFull isFull: () -> Bool) async {
        let id = state.withLock { state -> Int in
            state.next += 1
            return state.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (resume: CheckedContinuation<Void, Never>) in
                let queued = state.withLock { state -> Bool in
                    guard !Task.isCancelled, isFull() else { return false }
                    state.waiting[id] = resume
                    return true
                }
                if !queued { resume.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiting.removeValue(forKey: id) }?.resume()
        }
    }

    public func wakeAll() {
        let waiting = state.withLock { state in
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for waiter in waiting { waiter.resume() }
    }
}
