/// The durable log of task events: the source of truth.
///
/// Implementations: `InMemoryEventStore` (bounded, for tests and `--store memory`) and the SQLite
/// store. A networked store can satisfy the same contract later: append a batch, read from a
/// sequence, learn of appends made by another writer.
public protocol EventStore: Sendable {
    /// Appends `events` atomically, in order, and returns them with their assigned `seq`
    /// (consecutive, after the current `lastSeq`). When this returns, the events are durable;
    /// when it throws, none of them was stored.
    func append(_ events: [Event]) async throws -> [Event]

    /// Events matching `query`, oldest first.
    func read(_ query: EventQuery) async throws -> [Event]

    /// The seq of the newest stored event (0 when empty).
    func lastSeq() async throws -> Int64

    /// The seq of the oldest event still held (1 unless a bounded store dropped some, 0 when empty).
    /// A reader asking for events after `firstSeq - 1` or later gets them without a gap.
    func firstSeq() async throws -> Int64

    func statistics() async throws -> EventStoreStatistics

    /// Each element is a new `lastSeq`, after events were appended by anyone (this process or,
    /// for a shared store, another writer). Ends when the store closes.
    func appendNotifications() -> AsyncStream<Int64>
}

/// Counts a store reports.
public struct EventStoreStatistics: Sendable, Hashable, Codable {
    public var eventCount: Int
    public var firstSeq: Int64
    public var lastSeq: Int64
    /// Events dropped by a bounded store to stay within its capacity.
    public var dropped: Int
    public var countsByType: [String: Int]

    public init(eventCount: Int, firstSeq: Int64, lastSeq: Int64, dropped: Int, countsByType: [String: Int]) {
        self.eventCount = eventCount
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.dropped = dropped
        self.countsByType = countsByType
    }
}
