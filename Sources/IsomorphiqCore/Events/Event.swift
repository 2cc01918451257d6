public import Foundation

/// One thing that happened. Task events are the source of truth: the board is the fold of them.
///
/// `seq` is the event's position in the log. It is `0` until the store assigns it on append;
/// system events, which are not stored, keep `0`.
public struct Event: Sendable, Hashable, Identifiable {
    public var id: UUID
    public var timestamp: Date
    public var seq: Int64
    public var payload: EventPayload
    public var metadata: EventMetadata

    public init(id: UUID = RandomUUID.make(), timestamp: Date, seq: Int64 = 0, payload: EventPayload, metadata: EventMetadata) {
        self.id = id
        self.timestamp = Timestamp.truncated(timestamp)
        self.seq = seq
        self.payload = payload
        self.metadata = metadata
    }

    public var type: EventType { payload.type }
    public var taskID: TaskID? { payload.taskID }
    public var actor: UserID { metadata.userId }

    /// The same event with its log position.
    public func sequenced(_ seq: Int64) -> Event {
        var copy = self
        copy.seq = seq
        return copy
    }
}
