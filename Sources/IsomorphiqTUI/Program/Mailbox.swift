import DequeModule
import Glibc
import Synchronization
import IsomorphiqSource

/// Where messages wait for the terminal thread: a lock, a deque and a wake pipe. Posting to an
/// empty mailbox writes one byte to the pipe, so the thread's `poll()` returns; it sleeps
/// otherwise. Nothing is ever dropped. The source's updates come through `send`, which waits
/// while `capacity` messages are waiting (the thread's next `drain` makes room), so a flood of
/// events slows the source down to the screen's pace, and the source's own bound turns a long
/// lag into a resync of the whole board (`UpdateChannel`). Keys, ticks and command completions
/// are `post`ed and never wait: their producers bound them (a person typing, one per command).
public final class Mailbox: Sendable {
    private let room = RoomWaiters()
    private let queue = Mutex<Deque<Message>>([])

    public let capacity: Int
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
    public var count: Int { queue.withLock { $0.count } }

    /// Adds a message and wakes the loop if it may be asleep. Never blocks; any thread.
    public func post(_ message: Message) {
        let wake = queue.withLock { queue -> Bool in
            queue.append(message)
            return queue.count == 1
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
            guard isFull else {
                post(message)
                return
            }
            await room.wait { isFull }
        }
    }

    private var isFull: Bool { queue.withLock { $0.count >= capacity } }

    /// Takes every waiting message, oldest first, empties the wake pipe, and lets waiting
    /// senders in.
    func drain() -> [Message] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
        let messages = queue.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return Array(queue)
        }
        room.wakeAll()
        return messages
    }
}
