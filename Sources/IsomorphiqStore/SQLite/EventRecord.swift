import Foundation
import GRDB
import GRDBSQLite
import IsomorphiqCore

/// One event in its stored form: the indexed columns plus the event's JSON (without `seq`, which
/// is the row's key), ready to bind to `insertSQL`. Made by the appending task, so that JSON
/// encoding and formatting the ids run in parallel, outside the write transaction and its serial
/// thread; the committer only points SQLite at these bytes (`bind(to:text:)`).
struct EventRecord: Sendable {
    let event: Event
    /// The UTF-8 of the text columns, one after another: id, type, task id, related task id, actor, JSON.
    let text: [UInt8]
    /// Where each text column ends in `text`, in that order. A missing task id is empty and bound as NULL.
    private let ends: TextEnds
    let timestamp: Int64
    let schemaVersion: Int64

    private struct TextEnds {
        var id, type, task, related, actor, json: Int32
    }

    /// Encodes `event` in its contract JSON form (`EventCodec`: compact, sorted keys), leaving `seq` out.
    /// Rows written earlier by `JSONEncoder` (other key order) read the same.
    ///
    /// - Throws: `StoreError` (`writeFailed`) when the JSON does not decode back to the same bytes:
    ///   the store never writes a row its own reader would refuse (or read as something else), since
    ///   such a row would stop every later replay. The check runs on the appending task, in parallel,
    ///   not on the committer's thread.
    init(_ event: Event) throws(StoreError) {
        self.event = event.sequenced(0)
        var text: [UInt8] = []
        text.reserveCapacity(1_024)
        var ends = TextEnds(id: 0, type: 0, task: 0, related: 0, actor: 0, json: 0)
        event.id.appendWire(to: &text)
        ends.id = Int32(text.count)
        text.append(contentsOf: event.type.rawValue.utf8)
        ends.type = Int32(text.count)
        event.taskID?.appendWire(to: &text)
        ends.task = Int32(text.count)
        event.payload.relatedTaskID?.appendWire(to: &text)
        ends.related = Int32(text.count)
        text.append(contentsOf: event.actor.utf8)
        ends.actor = Int32(text.count)
        EventCodec.encode(self.event, into: &text)
        ends.json = Int32(text.count)
        try Self.checkReadsBack(self.event, from: text[Int(ends.actor)...])
        self.text = text
        self.ends = ends
        timestamp = Self.milliseconds(event.timestamp)
        schemaVersion = Int64(event.metadata.schemaVersion)
    }

    private static func checkReadsBack(_ event: Event, from json: ArraySlice<UInt8>) throws(StoreError) {
        if let problem = json.withUnsafeBufferPointer(EventCodec.readBackProblem) {
            throw .writeFailed("event \(event.id.wire) (\(event.type.rawValue)) \(problem)")
        }
    }

    /// Binds every parameter of `insertSQL` on `statement`. The text parameters point into `text`
    /// (SQLite does not copy them), which must stay valid until the statement has been stepped and reset.
    func bind(to statement: SQLiteStatement, text: UnsafeBufferPointer<UInt8>) {
        let base = text.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
        func bindText(_ index: Int32, from start: Int32, to end: Int32, nullWhenEmpty: Bool = false) {
            if nullWhenEmpty && start == end {
                sqlite3_bind_null(statement, index)
            } else {
                // A nil destructor is SQLITE_STATIC: SQLite reads the bytes in place.
                sqlite3_bind_text(statement, index, base.map { $0 + Int(start) }, end - start, nil)
            }
        }
        bindText(1, from: 0, to: ends.id)
        bindText(2, from: ends.id, to: ends.type)
        bindText(3, from: ends.type, to: ends.task, nullWhenEmpty: true)
        bindText(4, from: ends.task, to: ends.related, nullWhenEmpty: true)
        bindText(5, from: ends.related, to: ends.actor)
        sqlite3_bind_int64(statement, 6, timestamp)
        bindText(7, from: ends.actor, to: ends.json)
        sqlite3_bind_int64(statement, 8, schemaVersion)
    }

    /// The values for `insertSQL`, for callers that insert through GRDB (tests writing old schemas).
    var arguments: StatementArguments {
        func string(_ start: Int32, _ end: Int32) -> String {
            String(decoding: text[Int(start)..<Int(end)], as: UTF8.self)
        }
        return [
            string(0, ends.id), string(ends.id, ends.type),
            ends.task > ends.type ? string(ends.type, ends.task) : nil,
            ends.related > ends.task ? string(ends.task, ends.related) : nil,
            string(ends.related, ends.actor), timestamp, string(ends.actor, ends.json), schemaVersion,
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
}
