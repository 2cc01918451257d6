import DequeModule
import Synchronization

/// What a subscriber's buffer does when it is full and another event arrives.
public enum OverflowPolicy: Sendable, Hashable {
    /// Drop the oldest buffered event, count it, and keep going.
    case dropOldest
    /// End the subscription with `.overflow`; the subscriber sees the end of its sequence.
    case end
}

/// Why a subscription ended.
public enum SubscriptionEnd: Sendable, Hashable {
    case cancelled
    case overflow(capacity: Int)
    case busClosed
}

/// One subscriber's view of the bus: an `AsyncSequence` of the events its filter matches, in log
/// order, behind a bounded buffer of its own.
///
/// Delivery never waits for the subscriber: the bus appends to the buffer and moves on. When the
/// buffer is full the `OverflowPolicy` applies. Iterate it from one task only. `cancel()` (or
/// the iterating task's cancellation) unsubscribes.
public final class EventSubscription: AsyncSequence, Sendable {
    public typealias Element = Event

    private struct State {
        var buffer: Deque<(event: Event, publishedAt: ContinuousClock.Instant)> = []
        var waiter: CheckedContinuation<Event?, Never>?
        var end: SubscriptionEnd?
        var dropped = 0
    }

    public let id: Int
    public let name: String
    public let filter: EventFilter
    public let capacity: Int
    public let policy: OverflowPolicy
    private let state = Mutex(State())
    private let metrics: EventBusMetrics
    private let onEnd: @Sendable (Int) -> Void

    init(id: Int, name: String, filter: EventFilter, capacity: Int, policy: OverflowPolicy, metrics: EventBusMetrics, onEnd: @escaping @Sendable (Int) -> Void) {
        self.id = id
        self.name = name
        self.filter = filter
        self.capacity = Swift.max(1, capacity)
        self.policy = policy
        self.metrics = metrics
        self.onEnd = onEnd
    }

    /// Events waiting to be read.
    public var depth: Int { state.withLock { $0.buffer.count } }
    /// Events this subscriber lost to its buffer bound.
    public var dropped: Int { state.withLock { $0.dropped } }
    /// Why the subscription ended, once it has.
    public var end: SubscriptionEnd? { state.withLock { $0.end } }

    /// Unsubscribes. Buffered events are discarded; the iterator finishes.
    public func cancel() {
        finish(.cancelled)
    }

    /// Called by the bus for each matching event. Never blocks.
    func offer(_ event: Event, publishedAt: ContinuousClock.Instant) {
        enum Outcome { case delivered(CheckedContinuation<Event?, Never>), buffered, dropped, overflowed, ended }
        let outcome: Outcome = state.withLock { state in
            if state.end != nil { return .ended }
            if let waiter = state.waiter {
                state.waiter = nil
                return .delivered(waiter)
            }
            if state.buffer.count >= capacity {
                switch policy {
                case .dropOldest:
                    state.buffer.removeFirst()
                    state.dropped += 1
                    state.buffer.append((event, publishedAt))
                    return .dropped
                case .end:
                    return .overflowed
                }
            }
            state.buffer.append((event, publishedAt))
            return .buffered
        }
        switch outcome {
        case .delivered(let waiter):
            metrics.recordDelivery(of: event, publishedAt: publishedAt)
            waiter.resume(returning: event)
        case .buffered: break
        case .dropped: metrics.recordDrop(subscriber: name)
        case .overflowed:
            metrics.recordDrop(subscriber: name)
            finish(.overflow(capacity: capacity))
        case .ended: break
        }
    }

    func finish(_ reason: SubscriptionEnd) {
        let waiter: CheckedContinuation<Event?, Never>?? = state.withLock { state in
            guard state.end == nil else { return .none }
            state.end = reason
            state.buffer.removeAll()
            defer { state.waiter = nil }
            return .some(state.waiter)
        }
        guard case .some(let pending) = waiter else { return }
        pending?.resume(returning: nil)
        onEnd(id)
    }

    fileprivate func next() async -> Event? {
        if let ready = takeBuffered() { return ready }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Event?, Never>) in
                enum Immediate { case event(Event, ContinuousClock.Instant), ended, wait }
                let immediate: Immediate = state.withLock { state in
                    if let first = state.buffer.popFirst() { return .event(first.event, first.publishedAt) }
                    if state.end != nil { return .ended }
                    state.waiter = continuation
                    return .wait
                }
                switch immediate {
                case .event(let event, let publishedAt):
                    metrics.recordDelivery(of: event, publishedAt: publishedAt)
                    continuation.resume(returning: event)
                case .ended: continuation.resume(returning: nil)
                case .wait: break
                }
            }
        } onCancel: {
            self.finish(.cancelled)
        }
    }

    private func takeBuffered() -> Event? {
        guard let first = state.withLock({ $0.buffer.popFirst() }) else { return nil }
        metrics.recordDelivery(of: first.event, publishedAt: first.publishedAt)
        return first.event
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: EventSubscription

        public mutating func next() async -> Event? {
            await subscription.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(subscription: self)
    }
}
