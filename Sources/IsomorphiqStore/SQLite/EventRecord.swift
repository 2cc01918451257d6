import Foundation
import GRDB
import IsomorphiqCore

/// One event in its stored form: the indexed columns plus the event's JSON (without `seq`, which
/// is the row's key), as the insert's arguments. Made by the appending task, so that JSON encoding
/// and formatting the ids run in parallel, outside the write transaction and its serial thread.
struct EventRecord: Sendable {
    let event: Event
    /// The values for `insertSQL`.
    let arguments: StatementArguments

    /// Encodes `event` in its contract JSON form (`EventCodec`: compact, sorted keys), leaving `seq` out.
    /// Rows written earlier by `JSONEncoder` (other key order) read the same.
    init(_ event: Event) {
        self.event = event.sequenced(0)
        let json = String(decoding: EventCodec.encode(self.event), as: UTF8.self)
        arguments = [
            event.id.wire, event.type.rawValue, event.taskID?.wire, event.payload.relatedTaskID?.wire,
            event.actor, Self.milliseconds(event.timestamp), json, event.metadata.schemaVersion,
        ]
    }

    /// `seq` is left to SQLite: the rowid, one more than the largest stored.
    static let insertSQL = """
        INSERT INTO events (id, type, task_id, related_task_id, actor, timestamp, payload, schema_version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The `timestamp` column: whole milliseconds since 1970 (event times are whole milliseconds).
    static func milliseconds(_ date: Date) -> Int64 {
        Timestamp.milliseconds(date)
    }

    /// The smallest stored millisecond value `m` with `event time >= date` exactly when `m <= column`,
    /// so that SQL bounds agree with `EventQuery.matches` for dates that are not whole milliseconds.
    static func lowerBound(_ date: Date) -> Int64 {
        let millis = Timestamp.milliseconds(date)
        return Timestamp.truncated(date) < date ? millis + 1 : millis
    }

    /// Decodes a stored event's JSON (`EventCodec`; older schema versions are upcast) and gives it its seq.
    static func decode(seq: Int64, json: Data) throws(EventCodecError) -> Event {
        try EventCodec.decode(json).sequenced(seq)
    }
}
