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
    /// An event on its way to the reader, with the time its publish began (for the latency figure).
    /// (A struct, not a tuple: tuples in a `Deque` are copied through the runtime's generic
    /// value witnesses, which showed in the profile.)
    struct Delivery: Sendable {
        let event: Event
        let publishedAt: ContinuousClock.Instant
    }

    private struct State {
        var buffer: Deque<Delivery> = []
        var waiter: CheckedContinuation<[Event], Never>?
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

    /// Called by the bus with the matching events of one commit, in order, each with the time
    /// its publish began. Never blocks: one lock, and at most one wake-up of the reader, per commit.
    func offer(_ events: [Delivery]) {
        guard !events.isEmpty else { return }
        enum Outcome { case wake(CheckedContinuation<[Event], Never>, [Delivery]), buffered(dropped: Int), overflowed, ended }
        let outcome: Outcome = state.withLock { state in
            if state.end != nil { return .ended }
            if let waiter = state.waiter, state.buffer.isEmpty, events.count <= capacity {
                state.waiter = nil
                return .wake(waiter, events)
            }
            var dropped = 0
            for delivery in events {
                if state.buffer.count >= capacity {
                    guard policy == .dropOldest else { return .overflowed }
                    state.buffer.removeFirst()
                    dropped += 1
                }
                state.buffer.append(delivery)
            }
            state.dropped += dropped
            if let waiter = state.waiter {
                state.waiter = nil
                let ready = Array(state.buffer)
                state.buffer.removeAll(keepingCapacity: true)
                return .wake(waiter, ready)
            }
            return .buffered(dropped: dropped)
        }
        switch outcome {
        case .wake(let waiter, let ready):
            record(ready)
            waiter.resume(returning: ready.map(\.event))
        case .buffered(let dropped):
            if dropped > 0 { metrics.recordDrop(subscriber: name, count: dropped) }
        case .overflowed:
            metrics.recordDrop(subscriber: name, count: 1)
            finish(.overflow(capacity: capacity))
        case .ended: break
        }
    }

    func finish(_ reason: SubscriptionEnd) {
        let waiter: CheckedContinuation<[Event], Never>?? = state.withLock { state in
            guard state.end == nil else { return .none }
            state.end = reason
            state.buffer.removeAll()
            defer { state.waiter = nil }
            return .some(state.waiter)
        }
        guard case .some(let pending) = waiter else { return }
        pending?.resume(returning: [])
        onEnd(id)
    }

    /// Everything buffered, waiting for at least one event; empty once the subscription ended.
    fileprivate func takeAll() async -> [Event] {
        if let ready = takeBuffered() { return ready }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[Event], Never>) in
                enum Immediate { case events([Delivery]), ended, wait }
                let immediate: Immediate = state.withLock { state in
                    if !state.buffer.isEmpty {
                        defer { state.buffer.removeAll(keepingCapacity: true) }
                        return .events(Array(state.buffer))
                    }
                    if state.end != nil { return .ended }
                    state.waiter = continuation
                    return .wait
                }
                switch immediate {
                case .events(let ready):
                    record(ready)
                    continuation.resume(returning: ready.map(\.event))
                case .ended: continuation.resume(returning: [])
                case .wait: break
                }
            }
        } onCancel: {
            self.finish(.cancelled)
        }
    }

    private func takeBuffered() -> [Event]? {
        let ready = state.withLock { state -> [Delivery] in
            defer { state.buffer.removeAll(keepingCapacity: true) }
            return Array(state.buffer)
        }
        guard !ready.isEmpty else { return nil }
        record(ready)
        return ready.map(\.event)
    }

    private func record(_ ready: [Delivery]) {
        var start = 0
        while start < ready.count {
            var end = start + 1
            while end < ready.count && ready[end].publishedAt == ready[start].publishedAt { end += 1 }
            metrics.recordDelivery(count: end - start, publishedAt: ready[start].publishedAt)
            start = end
        }
    }

    /// Reads events in order. It takes everything buffered at once and hands it out one by one,
    /// so a busy reader costs one lock per batch, not per event.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: EventSubscription
        var ready: [Event] = []
        var index = 0

        public mutating func next() async -> Event? {
            await next(isolation: nil)
        }

        /// Runs on the caller's executor: taking the next buffered event costs no hop.
        public mutating func next(isolation actor: isolated (any Actor)?) async -> Event? {
            if index == ready.count {
                ready = await subscription.takeAll()
                index = 0
                if ready.isEmpty { return nil }
            }
            defer { index += 1 }
            return ready[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(subscription: self)
    }
}
