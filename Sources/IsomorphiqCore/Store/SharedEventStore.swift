/// An event log that several processes append to (the PostgreSQL store): one history, one
/// gap-free `seq`, many writers.
///
/// Each writer decides against its own board, so an append is conditional on what that board
/// saw: the log's head, and the `BoardKey`s the decisions read. When another writer appended in
/// between, the append still goes through (after the other writer's events) if none of those
/// events changed a key that was read, since the decisions would come out the same; the events it
/// went past are returned, for the writer to apply before its own. Otherwise it stores nothing and
/// throws `EventStoreHeadMoved`; the writer reads the events it missed, applies them, and decides
/// again (`EventBus` does both). `appendNotifications` reports every writer's appends, so an idle
/// instance learns of foreign events at once; the log, not the notification, carries the data.
public protocol SharedEventStore: EventStore {
    /// Appends `events` atomically after the log's last seq, only if that is `head`, or if no
    /// event after `head` changes a key in `reads` (`nil`: only if it is `head`). With no events,
    /// only checks. Durable when this returns.
    /// - Returns: the events with their seqs, and the events between `head` and them.
    /// - Throws: `EventStoreHeadMoved` (nothing stored) when the condition fails (a store may
    ///   also refuse when too many events came in between); any other error when the store cannot
    ///   be reached (nothing stored either).
    func append(_ events: [Event], after head: Int64, unlessChanged reads: Set<BoardKey>?) async throws -> SharedAppend
}

/// What a conditional append stored, and what it went past.
public struct SharedAppend: Sendable {
    /// Other writers' events after the head the caller gave, in seq order: the caller's board
    /// must apply them before `stored`.
    public var missed: [Event]
    /// The events appended, with their seqs.
    public var stored: [Event]

    public init(missed: [Event], stored: [Event]) {
        self.missed = missed
        self.stored = stored
    }
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
