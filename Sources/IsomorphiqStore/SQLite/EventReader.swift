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

    /// `read`, decoding only what the board needs (`EventCodec.decodeBoardChange`). A row that does
    /// not decode is `BoardChange.unreadable` instead of an error, so that one bad row cannot stop a
    /// start-up: the fold leaves it out and counts it (`ReplayStatistics.unreadable`).
    static func readBoardChanges(_ query: EventQuery, from pool: DatabasePool, path: String) async throws -> [BoardChange] {
        try await fetch(query, from: pool, path: path) { seq, json in
            do {
                var change = try EventCodec.decodeBoardChange(json.bindMemory(to: UInt8.self))
                change.seq = seq
                return change
            } catch {
                return .unreadable(seq: seq, detail: "\(error)")
            }
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
                            throw StoreError.unreadableEvent(path: path, seq: seq, detail: "\(error)")
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
        let task = query.taskID?.wire
        guard task != nil || query.types != nil else {
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            return ("SELECT seq, payload FROM events\(filter) ORDER BY seq\(limit)", arguments)
        }
        // Reads by task or type take the seqs of complete blocks from their summaries (EventBlocks),
        // one seek per block the seq bounds allow, and scan the rows of the blocks not yet summarized.
        let firstBlock = max(0, (query.afterSeq ?? 0) + 1) >> EventBlocks.shift
        let lastBlock = (query.throughSeq ?? Int64.max) >> EventBlocks.shift
        var all: StatementArguments = [firstBlock, firstBlock, lastBlock]
        let keys: String, rowMatch: String, distinct: String
        if let task {
            // A dependency event is the task's from either end; DISTINCT drops a seq named by both.
            keys = "b.kind IN ('related', 'task') AND b.key = ?"
            rowMatch = " AND (task_id = ? OR related_task_id = ?)"
            distinct = "DISTINCT "
            all += [task]
        } else {
            let types = query.types?.map(\.rawValue).sorted() ?? []
            keys = "b.kind = 'type' AND b.key IN (\(Array(repeating: "?", count: types.count).joined(separator: ", ")))"
            rowMatch = ""
            distinct = ""
            for type in types { all += [type] }
        }
        let filter = conditions.map { " AND " + $0 }.joined()
        let sql = """
            WITH RECURSIVE
                summarized(blocks) AS (\(EventBlocks.summarizedBlocksSQL)),
                block(n) AS (
                    SELECT ? WHERE ? < (SELECT blocks FROM summarized)
                    UNION ALL
                    SELECT n + 1 FROM block WHERE n < ? AND n + 1 < (SELECT blocks FROM summarized)
                ),
                hit(hit_seq) AS (
                    SELECT \(distinct)json_each.value FROM block CROSS JOIN event_blocks AS b CROSS JOIN json_each(b.seqs)
                    WHERE b.block = block.n AND \(keys)
                )
            SELECT seq, payload FROM (
                SELECT events.seq AS seq, events.payload AS payload FROM hit CROSS JOIN events ON events.seq = hit.hit_seq
                WHERE 1\(filter)
                UNION ALL
                SELECT seq, payload FROM events
                WHERE seq >= (SELECT blocks FROM summarized) << \(EventBlocks.shift)\(rowMatch)\(filter)
            ) ORDER BY seq\(limit)
            """
        all += arguments
        if let task { all += [task, task] }
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
