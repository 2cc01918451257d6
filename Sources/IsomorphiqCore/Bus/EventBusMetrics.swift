import Histogram
import Metrics
import Synchronization

/// The bus's counts and latencies. Recording is cheap (one uncontended lock) and does nothing
/// when metrics are disabled. `snapshot()` is what `/api/metrics` and `/metrics` read. Counts and
/// the delivery latency also go to swift-metrics; the executable bootstraps no backend for them
/// yet (issue 16), so there they are no-ops and the snapshot is the one source of the figures.
public final class EventBusMetrics: Sendable {
    /// A point-in-time copy of every figure.
    public struct Snapshot: Sendable, Hashable, Codable {
        public var published = 0
        public var delivered = 0
        public var rejected = 0
        public var dropped = 0
        public var errors = 0
        /// Events other instances appended to a shared log, applied here (`SharedEventStore`).
        public var followed = 0
        /// Batches decided again because another instance appended first.
        public var conflicts = 0
        public var publishedByType: [String: Int] = [:]
        public var latencyP50Microseconds: UInt64 = 0
        public var latencyP99Microseconds: UInt64 = 0
        public var listenerCount = 0
        /// Subscriber name → events waiting in its buffer.
        public var bufferDepths: [String: Int] = [:]
    }

    private struct State {
        var snapshot = Snapshot()
        /// Published counts by `EventType` case, kept apart from the snapshot's string keys so
        /// that counting costs no string hashing per event.
        var publishedByType = [Int](repeating: 0, count: EventType.allCases.count)
        var latency = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .two)
    }

    public let enabled: Bool
    private let state = Mutex(State())
    private let clock = ContinuousClock()
    private let publishedCounter = Counter(label: "isomorphiq_bus_published_total")
    private let deliveredCounter = Counter(label: "isomorphiq_bus_delivered_total")
    private let rejectedCounter = Counter(label: "isomorphiq_bus_rejected_total")
    private let droppedCounter = Counter(label: "isomorphiq_bus_dropped_total")
    private let errorCounter = Counter(label: "isomorphiq_bus_errors_total")
    private let latencyTimer = Metrics.Timer(label: "isomorphiq_bus_delivery_latency")

    public init(enabled: Bool = true) {
        self.enabled = enabled
    }

    /// The events of one commit, by request: one lock for all of them.
    func recordPublished(_ batches: [[Event]]) {
        guard enabled else { return }
        let count = batches.reduce(0) { $0 + $1.count }
        guard count > 0 else { return }
        state.withLock { state in
            state.snapshot.published += count
            for events in batches { for event in events { state.publishedByType[event.type.index] += 1 } }
        }
        publishedCounter.increment(by: count)
    }

    /// `count` events published at `publishedAt` reached a subscriber now.
    func recordDelivery(count: Int, publishedAt: ContinuousClock.Instant) {
        guard enabled, count > 0 else { return }
        let elapsed = clock.now - publishedAt
        let micros = UInt64(max(0, elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000))
        state.withLock { state in
            state.snapshot.delivered += count
            _ = state.latency.record(min(micros, 60_000_000), count: UInt64(count))
        }
        deliveredCounter.increment(by: count)
        latencyTimer.recordMicroseconds(micros)
    }

    func recordRejected(_ count: Int = 1) {
        guard enabled else { return }
        state.withLock { $0.snapshot.rejected += count }
        rejectedCounter.increment(by: count)
    }

    func recordDrop(subscriber: String, count: Int) {
        guard enabled else { return }
        state.withLock { $0.snapshot.dropped += count }
        droppedCounter.increment(by: count)
    }

    func recordFollowed(_ count: Int) {
        guard enabled, count > 0 else { return }
        state.withLock { $0.snapshot.followed += count }
    }

    func recordConflict() {
        guard enabled else { return }
        state.withLock { $0.snapshot.conflicts += 1 }
    }

    func recordError() {
        guard enabled else { return }
        state.withLock { $0.snapshot.errors += 1 }
        errorCounter.increment()
    }

    /// The figures now; listener count and buffer depths are filled in by the bus.
    func snapshot() -> Snapshot {
        state.withLock { state in
            var copy = state.snapshot
            for (index, count) in state.publishedByType.enumerated() where count > 0 {
                copy.publishedByType[EventType.allCases[index].rawValue] = count
            }
            copy.latencyP50Microseconds = state.latency.totalCount == 0 ? 0 : state.latency.valueAtPercentile(50)
            copy.latencyP99Microseconds = state.latency.totalCount == 0 ? 0 : state.latency.valueAtPercentile(99)
            return copy
        }
    }
}
