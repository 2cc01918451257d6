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
        // EventCodec upcasts rows written by older schema versions.
        try await fetch(query, from: pool, path: path) { seq, json in
            try EventCodec.decode(json.bindMemory(to: UInt8.self)).sequenced(seq)
        }
    }

    /// `read`, decoding only what the board needs (`EventCodec.decodeBoardChange`).
    static func readBoardChanges(_ query: EventQuery, from pool: DatabasePool, path: String) async throws -> [BoardChange] {
        try await fetch(query, from: pool, path: path) { seq, json in
            var change = try EventCodec.decodeBoardChange(json.bindMemory(to: UInt8.self))
            change.seq = seq
            return change
        }
    }

    /// The rows `query` selects, each decoded by `decode` from its seq and its JSON as SQLite holds it.
    private static func fetch<Element: Sendable>(
        _ query: EventQuery, from pool: DatabasePool, path: String,
        decode: @escaping @Sendable (Int64, UnsafeRawBufferPointer) throws -> Element
    ) async throws -> [Element] {
        let (sql, arguments) = statement(for: query)
        do {
            return try await pool.read { db in
                var elements: [Element] = []
                elements.reserveCapacity(expectedCount(query))
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try cursor.next() {
                    let seq: Int64 = row[0]
                    // Decoded straight from SQLite's buffer: no copy of the JSON.
                    let element = try row.withUnsafeData(atIndex: 1) { data -> Element in
                        do {
                            return try (data ?? Data()).withUnsafeBytes { try decode(seq, $0) }
                        } catch {
                            throw StoreError.corrupt(path: path, detail: "event \(seq) cannot be decoded: \(error)")
                        }
                    }
                    elements.append(element)
                }
                return elements
            }
        } catch {
            throw SQLiteEventStore.storeError(error, path: path, writing: false)
        }
    }

    /// How many rows `query` can give at most when that is known and small (a seq window, a limit):
    /// reserved up front, so a page is not grown (and copied) by doubling.
    private static func expectedCount(_ query: EventQuery) -> Int {
        var count = query.limit ?? 0
        if let after = query.afterSeq, let through = query.throughSeq, through > after, through - after <= 65_536 {
            count = count == 0 ? Int(through - after) : min(count, Int(through - after))
        }
        return min(count, 65_536)
    }

    static func statement(for query: EventQuery) -> (String, StatementArguments) {
        let (conditions, arguments) = filters(query)
        let limit = query.limit.map { " LIMIT \(max(0, $0))" } ?? ""
        // The by-task and by-type indexes are keyed by (seq >> 9, ...): reads through them seek once per
        // block of 512 seqs, over the blocks the seq bounds allow (StoreSchema v2 and v3).
        let firstBlock = max(0, (query.afterSeq ?? 0) + 1) >> 9
        let lastBlock = (query.throughSeq ?? Int64.max) >> 9
        let blocks = """
            WITH RECURSIVE block(n) AS (
                SELECT ? UNION ALL SELECT n + 1 FROM block
                WHERE n < ? AND n < (SELECT coalesce(max(seq), 0) >> 9 FROM events)
            )
            """
        guard let task = query.taskID?.wire else {
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            guard query.types != nil else {
                return ("SELECT seq, payload FROM events\(filter) ORDER BY seq\(limit)", arguments)
            }
            let sql = """
                \(blocks)
                SELECT events.seq, events.payload FROM block CROSS JOIN events
                WHERE events.seq >> 9 = block.n AND \(conditions.joined(separator: " AND "))
                ORDER BY events.seq\(limit)
                """
            var all: StatementArguments = [firstBlock, lastBlock]
            all += arguments
            return (sql, all)
        }
        let filter = conditions.map { " AND " + $0 }.joined()
        let sql = """
            \(blocks)
            SELECT seq, payload FROM (
                SELECT events.seq AS seq, events.payload AS payload FROM block CROSS JOIN events
                WHERE events.seq >> 9 = block.n AND events.task_id = ?\(filter)
                UNION ALL
                SELECT events.seq AS seq, events.payload AS payload FROM block CROSS JOIN events
                WHERE events.seq >> 9 = block.n AND events.related_task_id = ? AND events.task_id IS NOT ?\(filter)
            ) ORDER BY seq\(limit)
            """
        var all: StatementArguments = [firstBlock, lastBlock, task]
        all += arguments
        all += [task, task]
        all += arguments
        return (sql, all)
    }

    /// Every condition of `query` but the task, in SQL over the events table's columns.
    private static func filters(_ query: EventQuery) -> ([String], StatementArguments) {
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
        return (conditions, arguments)
    }
}
