public import Foundation

/// One thing that happened. Task events are the source of truth: the board is the fold of them.
///
/// `seq` is the event's position in the log. It is `0` until the store assigns it on append;
/// system events, which are not stored, keep `0`.
///
/// A value type whose fields live in one shared, copy-on-write box: the bus hands the same event
/// to the store, the board and every subscriber, so a copy must cost one retain, not one per field.
public struct Event: Sendable, Hashable, Identifiable {
    private final class Storage: Sendable {
        let id: UUID
        let timestamp: Date
        let payload: EventPayload
        let metadata: EventMetadata

        init(id: UUID, timestamp: Date, payload: EventPayload, metadata: EventMetadata) {
            self.id = id
            self.timestamp = timestamp
            self.payload = payload
            self.metadata = metadata
        }
    }

    private var storage: Storage
    /// Kept beside the shared storage, not in it: the store sequences every event, and setting
    /// the seq must not cost a new box.
    public var seq: Int64

    public init(id: UUID = TimeOrderedUUID.make(), timestamp: Date, seq: Int64 = 0, payload: EventPayload, metadata: EventMetadata) {
        storage = Storage(id: id, timestamp: Timestamp.truncated(timestamp), payload: payload, metadata: metadata)
        self.seq = seq
    }

    private init(storage: Storage, seq: Int64) {
        self.storage = storage
        self.seq = seq
    }

    public var id: UUID {
        get { storage.id }
        set { storage = Storage(id: newValue, timestamp: timestamp, payload: payload, metadata: metadata) }
    }

    public var timestamp: Date {
        get { storage.timestamp }
        set { storage = Storage(id: id, timestamp: Timestamp.truncated(newValue), payload: payload, metadata: metadata) }
    }

    public var payload: EventPayload {
        get { storage.payload }
        set { storage = Storage(id: id, timestamp: timestamp, payload: newValue, metadata: metadata) }
    }

    public var metadata: EventMetadata {
        get { storage.metadata }
        set { storage = Storage(id: id, timestamp: timestamp, payload: payload, metadata: newValue) }
    }

    public var type: EventType { storage.payload.type }
    public var taskID: TaskID? { storage.payload.taskID }
    public var actor: UserID { storage.metadata.userId }

    /// The same event with its log position.
    /// This event with other metadata: one new box sharing the payload (for enrichment).
    public func withMetadata(_ metadata: EventMetadata) -> Event {
        Event(storage: Storage(id: storage.id, timestamp: storage.timestamp, payload: storage.payload, metadata: metadata), seq: seq)
    }

    public func sequenced(_ seq: Int64) -> Event {
        Event(storage: storage, seq: seq)
    }

    public static func == (lhs: Event, rhs: Event) -> Bool {
        guard lhs.seq == rhs.seq else { return false }
        return lhs.storage === rhs.storage
            || (lhs.id == rhs.id && lhs.timestamp == rhs.timestamp && lhs.metadata == rhs.metadata
                && lhs.payload == rhs.payload)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(seq)
    }
}
