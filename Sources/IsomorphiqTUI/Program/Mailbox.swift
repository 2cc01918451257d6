import DequeModule
import Glibc
import Synchronization

/// Where messages wait for the terminal thread: a lock, a deque and a wake pipe. Posting to an
/// empty mailbox writes one byte to the pipe, so the thread's `poll()` returns; it sleeps
/// otherwise. Nothing is ever dropped. The source's updates come through `send`, which waits
/// while `capacity` messages are waiting (the thread's next `drain` makes room), so a flood of
/// events slows the source down to the screen's pace, and the source's own bound turns a long
/// lag into a resync of the whole board (`UpdateChannel`). Keys, ticks and command completions
/// are `post`ed and never wait: their producers bound them (a person typing, one per command).
public final class Mailbox: Sendable {
    private struct State {
        var queue: Deque<Message> = []
        var waiting: Deque<(id: Int, resume: CheckedContinuation<Void, Never>)> = []
        var nextWaiter = 0
    }

    public let capacity: Int
    private let state = Mutex(State())
    /// Read end, polled by the loop; write end, written by `post`.
    let wakeRead: Int32
    private let wakeWrite: Int32

    public init(capacity: Int = 4_096) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        var fds: [Int32] = [0, 0]
        Glibc.pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// Messages waiting for the terminal thread.
    public var count: Int { state.withLock { $0.queue.count } }

    /// Adds a message and wakes the loop if it may be asleep. Never blocks; any thread.
    public func post(_ message: Message) {
        let wake = state.withLock { state -> Bool in
            state.queue.append(message)
            return state.queue.count == 1
        }
        if wake {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }

    /// Adds a message once fewer than `capacity` are waiting. Returns without posting when the
    /// sending task is cancelled.
    public func send(_ message: Message) async {
        while !Task.isCancelled {
            let id = state.withLock { state -> Int? in
                guard state.queue.count >= capacity else { return nil }
                state.nextWaiter += 1
                return state.nextWaiter
            }
            guard let id else {
                post(message)
                return
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (resume: CheckedContinuation<Void, Never>) in
                    let room = state.withLock { state -> Bool in
                        guard state.queue.count >= capacity, !Task.isCancelled else { return true }
                        state.waiting.append((id, resume))
                        return false
                    }
                    if room { resume.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiting.remove(at: index).resume
                }
                waiter?.resume()
            }
        }
    }

    /// Takes every waiting message, oldest first, empties the wake pipe, and lets waiting
    /// senders in.
    func drain() -> [Message] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
        let (messages, waiting) = state.withLock { state in
            defer {
                state.queue.removeAll(keepingCapacity: true)
                state.waiting.removeAll()
            }
            return (Array(state.queue), state.waiting.map(\.resume))
        }
        for waiter in waiting { waiter.resume() }
        return messages
    }
}
