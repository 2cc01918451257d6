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
        /// Senders waiting for room, with what they send.
        var senders: Deque<(id: Int, update: SourceUpdate, resume: CheckedContinuation<Void, Never>)> = []
        var consumer: CheckedContinuation<SourceUpdate?, Never>?
        var nextSender = 0
        var finished = false
        var onFinish: [@Sendable () -> Void] = []
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 1_024) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
    }

    /// Hands `update` to the consumer, waiting while the buffer is full. Returns `false` (the
    /// update dropped) when the channel is finished (the consumer left) or the sending task is
    /// cancelled: the sender should stop.
    @discardableResult
    public func send(_ update: SourceUpdate) async -> Bool {
        enum Step { case done(Bool), handOver(CheckedContinuation<SourceUpdate?, Never>), wait(Int) }
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
            state.nextSender += 1
            return .wait(state.nextSender)
        }
        switch step {
        case .done(let delivered):
            return delivered
        case .handOver(let consumer):
            consumer.resume(returning: update)
            return true
        case .wait(let id):
            await withTaskCancellationHandler {
                await withCheckedContinuation { (resume: CheckedContinuation<Void, Never>) in
                    let proceed = state.withLock { state -> Bool in
                        guard !state.finished, !Task.isCancelled else { return true }
                        state.senders.append((id, update, resume))
                        return false
                    }
                    if proceed { resume.resume() }
                }
            } onCancel: {
                let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    guard let index = state.senders.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.senders.remove(at: index).resume
                }
                waiting?.resume()
            }
            return !Task.isCancelled && !isFinished
        }
    }

    /// Whether the channel has ended (`finish()`, or the consumer was cancelled).
    public var isFinished: Bool { state.withLock { $0.finished } }

    /// Ends the channel: waiting senders return, the consumer gets what is buffered, then `nil`,
    /// and the `onFinish` hooks run. Idempotent.
    public func finish() {
        let (senders, consumer, hooks) = state.withLock { state in
            let hooks = state.finished ? [] : state.onFinish
            state.finished = true
            defer {
                state.senders = []
                state.consumer = nil
                state.onFinish = []
            }
            return (state.senders.map(\.resume), state.buffer.isEmpty ? state.consumer : nil, hooks)
        }
        for sender in senders { sender.resume() }
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
                let (ready, woken) = state.withLock { state -> (SourceUpdate??, CheckedContinuation<Void, Never>?) in
                    if let first = state.buffer.popFirst() {
                        // Room now: the longest-waiting sender's update joins the buffer.
                        var woken: CheckedContinuation<Void, Never>?
                        if let sender = state.senders.popFirst() {
                            state.buffer.append(sender.update)
                            woken = sender.resume
                        }
                        return (.some(first), woken)
                    }
                    if let sender = state.senders.popFirst() { return (.some(sender.update), sender.resume) }
                    if state.finished || Task.isCancelled {
                        state.finished = true
                        return (.some(nil), nil)
                    }
                    state.consumer = consumer
                    return (nil, nil)
                }
                woken?.resume()
                if let ready { consumer.resume(returning: ready) }
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
