import Foundation
import GRDB
import IsomorphiqCore

/// Runs an `EventQuery` against the events table.
///
/// Rows are fetched in one read (a consistent WAL snapshot) and decoded as they are stepped,
/// straight from SQLite's buffers (`EventCodec` is fast enough that copying the JSON out to decode
/// it on other cores cost more than it saved; replay overlaps reading with folding instead).
enum EventReader {
    static func read(_ query: EventQuery, from pool: DatabasePool, path: String) async throws -> [Event] {
        let (sql, arguments) = statement(for: query)
        do {
            return try await pool.read { db in
                var events: [Event] = []
                events.reserveCapacity(query.limit ?? 0)
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try cursor.next() {
                    let seq: Int64 = row[0]
                    // Decoded straight from SQLite's buffer: no copy of the JSON.
                    let event = try row.withUnsafeData(atIndex: 1) { data -> Event in
                        do {
                            return try EventRecord.decode(seq: seq, json: data ?? Data())
                        } catch {
                            throw StoreError.corrupt(path: path, detail: "event \(seq) cannot be decoded: \(error)")
                        }
                    }
                    events.append(event)
                }
                return events
            }
        } catch {
            throw SQLiteEventStore.storeError(error, path: path, writing: false)
        }
    }

    static func statement(for query: EventQuery) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let after = query.afterSeq {
            conditions.append("seq > ?")
            arguments += [after]
        }
        if let through = query.throughSeq {
            conditions.append("seq <= ?")
            arguments += [through]
        }
        if let task = query.taskID {
            conditions.append("(task_id = ? OR related_task_id = ?)")
            arguments += [task.wire, task.wire]
        }
        if let types = query.types {
            conditions.append("type IN (\(Array(repeating: "?", count: types.count).joined(separator: ", ")))")
            for type in types.map(\.rawValue).sorted() { arguments += [type] }
        }
        if let since = query.since {
            conditions.append("timestamp >= ?")
            arguments += [EventRecord.lowerBound(since)]
        }
        if let until = query.until {
            conditions.append("timestamp < ?")
            arguments += [EventRecord.lowerBound(until)]
        }
        var sql = "SELECT seq, payload FROM events"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY seq"
        if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
        return (sql, arguments)
    }
}
