import Foundation
import GRDB
import IsomorphiqCore

/// Runs an `EventQuery` against the events table.
///
/// Rows are fetched in one read (a consistent WAL snapshot) and decoded afterwards, outside the
/// connection; large results are decoded on every core in parallel, in order.
enum EventReader {
    static func read(_ query: EventQuery, from pool: DatabasePool, path: String) async throws -> [Event] {
        let (sql, arguments) = statement(for: query)
        let rows: [(Int64, Data)]
        do {
            rows = try await pool.read { db in
                var rows: [(Int64, Data)] = []
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try cursor.next() {
                    rows.append((row[0], row[1]))
                }
                return rows
            }
        } catch {
            throw SQLiteEventStore.storeError(error, path: path, writing: false)
        }
        return try await decode(rows, path: path)
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

    private static let parallelThreshold = 512

    private static func decode(_ rows: [(Int64, Data)], path: String) async throws -> [Event] {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, rows.count / parallelThreshold)
        if workers < 2 { return try decodeRange(rows[...], path: path) }
        let chunk = (rows.count + workers - 1) / workers
        return try await withThrowingTaskGroup(of: (Int, [Event]).self) { group in
            for index in 0..<workers {
                let slice = rows[(index * chunk)..<min(rows.count, (index + 1) * chunk)]
                group.addTask { (index, try decodeRange(slice, path: path)) }
            }
            var parts = [[Event]](repeating: [], count: workers)
            for try await (index, events) in group { parts[index] = events }
            return parts.flatMap { $0 }
        }
    }

    private static func decodeRange(_ rows: ArraySlice<(Int64, Data)>, path: String) throws -> [Event] {
        var events: [Event] = []
        events.reserveCapacity(rows.count)
        for (seq, json) in rows {
            do {
                events.append(try EventRecord.decode(seq: seq, json: json))
            } catch {
                throw StoreError.corrupt(path: path, detail: "event \(seq) cannot be decoded: \(error)")
            }
        }
        return events
    }
}
