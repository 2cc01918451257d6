/// An event log that several processes append to (the PostgreSQL store): one history, one
/// gap-free `seq`, many writers.
///
/// Each writer decides against its own board, so an append is conditional on the log's head as
/// that board saw it. When another writer appended in between, the append stores nothing and
/// throws `EventStoreHeadMoved`; the writer reads the events it missed, applies them, and decides
/// again (`EventBus` does this). `appendNotifications` reports every writer's appends, so an idle
/// instance learns of foreign events at once; the log, not the notification, carries the data.
public protocol SharedEventStore: EventStore {
    /// Appends `events` atomically after seq `head`, only if `head` is still the log's last seq.
    /// Returns them with seqs `head + 1`, `head + 2`, … Durable when this returns.
    /// - Throws: `EventStoreHeadMoved` (nothing stored) when the log has moved past `head`; any other
    ///   error when the store cannot be reached (nothing stored either).
    func append(_ events: [Event], after head: Int64) async throws -> [Event]
}

/// Another writer appended after the head a decision saw; nothing was stored.
public struct EventStoreHeadMoved: Error, Sendable, Hashable, CustomStringConvertible {
    /// The log's last seq when the append was refused.
    public let lastSeq: Int64

    public init(lastSeq: Int64) {
        self.lastSeq = lastSeq
    }

    public var description: String { "the shared log moved on to seq \(lastSeq)" }
}
