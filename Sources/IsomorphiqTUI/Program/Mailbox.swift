import DequeModule
import Glibc
import Synchronization

/// Where messages wait for the terminal thread: a lock, a deque and a wake pipe. Posting to an
/// empty mailbox writes one byte to the pipe, so the thread's `poll()` returns; it sleeps
/// otherwise. Bounded: past `capacity` the oldest *droppable* message (an event or a tick) is
/// dropped and counted; keys, command completions and the rest are never dropped, so a form never
/// waits for a completion that was lost.
public final class Mailbox: Sendable {
    private struct State {
        var queue: Deque<Message> = []
        var dropped = 0
    }

    public let capacity: Int
    private let state = Mutex(State())
    /// Read end, polled by the loop; write end, written by `post`.
    let wakeRead: Int32
    private let wakeWrite: Int32

    public init(capacity: Int = 100_000) {
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

    /// Messages lost to the bound.
    public var dropped: Int { state.withLock { $0.dropped } }

    /// Adds a message and wakes the loop if it may be asleep. Never blocks; any thread.
    public func post(_ message: Message) {
        let wake = state.withLock { state -> Bool in
            state.queue.append(message)
            if state.queue.count > capacity {
                let victim = state.queue.firstIndex(where: \.isDroppable) ?? state.queue.startIndex
                state.queue.remove(at: victim)
                state.dropped += 1
            }
            return state.queue.count == 1
        }
        if wake {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }

    /// Takes every waiting message, oldest first, and empties the wake pipe.
    func drain() -> [Message] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
        return state.withLock { state in
            defer { state.queue.removeAll(keepingCapacity: true) }
            return Array(state.queue)
        }
    }
}

extension Message {
    /// What the mailbox may drop at its bound: a live event (the source resends the board when it
    /// falls behind) or a tick (the next one does the same work).
    var isDroppable: Bool {
        switch self {
        case .event, .tick: true
        default: false
        }
    }
}
