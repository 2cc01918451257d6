import DequeModule
import Synchronization

/// The one way a source's updates reach the UI: bounded, never lossy. `send` waits while
/// `capacity` updates are waiting, so a UI that falls behind slows the source instead of
/// growing a buffer; the source's own bound then tells it that it fell behind (a bus
/// subscription ends, a server stops replaying), and it sends the whole board again (`.resync`).
/// One consumer; any number of senders.
public final class UpdateChannel: AsyncSequence, Sendable {
    public typealias Element = SourceUpdate

    private struct State {
        var buffer: Deque<SourceUpdate> = []
        var consumer: CheckedContinuation<SourceUpdate?, Never>?
        var finished = false
        var onFinish: [@Sendable () -> Void] = []
    }

    public let capacity: Int
    private let state = Mutex(State())
    private let room = RoomWaiters()

    public init(capacity: Int = 1_024) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
    }

    /// Hands `update` to the consumer, waiting while the buffer is full. Returns `false` (the
    /// update dropped) when the channel is finished (the consumer left) or the sending task is
    /// cancelled: the sender should stop.
    @discardableResult
    public func send(_ update: SourceUpdate) async -> Bool {
        enum Step { case done(Bool), handOver(CheckedContinuation<SourceUpdate?, Never>), full }
        while !Task.isCancelled {
            let step = state.withLock { state -> Step in
                guard !state.finished else { return .done(false) }
                if let consumer = state.consumer {
                    state.consumer = nil
                    return .handOver(consumer)
                }
                guard state.buffer.count >= capacity else {
                    state.buffer.append(update)
                    return .done(true)
                }
                return .full
            }
            switch step {
            case .done(let delivered):
                return delivered
            case .handOver(let consumer):
                consumer.resume(returning: update)
                return true
            case .full:
                await room.wait { state.withLock { !$0.finished && $0.buffer.count >= capacity } }
            }
        }
        return false
    }

    /// Whether the channel has ended (`finish()`, or the consumer was cancelled).
    public var isFinished: Bool { state.withLock { $0.finished } }

    /// Ends the channel: waiting senders return, the consumer gets what is buffered, then `nil`,
    /// and the `onFinish` hooks run. Idempotent.
    public func finish() {
        let (consumer, hooks) = state.withLock { state in
            let hooks = state.finished ? [] : state.onFinish
            state.finished = true
            defer {
                state.consumer = nil
                state.onFinish = []
            }
            return (state.buffer.isEmpty ? state.consumer : nil, hooks)
        }
        room.wakeAll()
        consumer?.resume(returning: nil)
        for hook in hooks { hook() }
    }

    /// Runs `hook` when the channel finishes (at once if it has): a source stops its work there.
    public func onFinish(_ hook: @escaping @Sendable () -> Void) {
        let finished = state.withLock { state -> Bool in
            if !state.finished { state.onFinish.append(hook) }
            return state.finished
        }
        if finished { hook() }
    }

    /// The next update, or `nil` once finished and drained. A cancelled consumer ends the channel.
    func next() async -> SourceUpdate? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (consumer: CheckedContinuation<SourceUpdate?, Never>) in
                let ready = state.withLock { state -> SourceUpdate?? in
                    if let first = state.buffer.popFirst() { return .some(first) }
                    if state.finished || Task.isCancelled {
                        state.finished = true
                        return .some(nil)
                    }
                    state.consumer = consumer
                    return nil
                }
                if let ready {
                    room.wakeAll()
                    consumer.resume(returning: ready)
                }
            }
        } onCancel: {
            finish()
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let channel: UpdateChannel
        public mutating func next() async -> SourceUpdate? { await channel.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(channel: self) }
}
