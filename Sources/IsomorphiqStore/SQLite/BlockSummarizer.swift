import Foundation
import GRDB
import GRDBSQLite
import IsomorphiqCore

/// Writes each block's summaries (`EventBlocks`) from the events the committer stores.
///
/// It keeps the task, related task and type of every stored event whose block has no summary
/// yet (the unfinished block's, up to 511, plus the current round's), so completing a block costs
/// only the inserts of its rows. Grouping the block's 512 rows in SQL instead took ~370 µs of the
/// committer's serial thread per block.
///
/// A round works in three steps, all on the group committer's queue (its only user, hence
/// `@unchecked Sendable`): `beginRound` (inside the round's transaction: reads the unsummarized
/// events from the log the first time), `stored` for each request the round stores,
/// `writeCompleted` before the transaction commits; then `endRound` with the outcome. A round
/// that rolls back forgets what it added and keeps what it would have dropped, so the entries
/// always match the committed log.
final class BlockSummarizer: @unchecked Sendable {
    private struct Entry {
        var seq: Int64
        var type: String
        var task: TaskID?
        var related: TaskID?
    }

    /// The stored events of the blocks not yet summarized, in seq order; `nil` until read from the log.
    private var entries: [Entry]?
    /// `entries.count` when the round began: a rolled-back round is cut back to it.
    private var roundStart = 0
    /// How many leading entries the round's summaries covered: dropped once the round commits.
    private var covered = 0
    private let path: String

    /// `path` names the log in errors.
    init(path: String) {
        self.path = path
    }

    func beginRound(_ db: Database) throws {
        if entries == nil { entries = try Self.unsummarized(db, path: path) }
        roundStart = entries?.count ?? 0
        covered = 0
    }

    func stored(_ events: [Event]) {
        for event in events {
            entries?.append(Entry(seq: event.seq, type: event.type.rawValue, task: event.taskID, related: event.payload.relatedTaskID))
        }
    }

    /// Inserts the summaries of every complete block among the entries, in `db`'s open transaction.
    func writeCompleted(_ db: Database) throws {
        guard let entries, let last = entries.last?.seq else { return }
        let complete = (last + 1) >> EventBlocks.shift
        var start = 0
        let statement = try db.cachedStatement(sql: Self.insertSQL)
        while start < entries.count, entries[start].seq >> EventBlocks.shift < complete {
            let block = entries[start].seq >> EventBlocks.shift
            var end = start
            while end < entries.count, entries[end].seq >> EventBlocks.shift == block { end += 1 }
            try write(block: block, entries[start..<end], with: statement.sqliteStatement, db: db)
            start = end
        }
        covered = start
    }

    func endRound(committed: Bool) {
        guard entries != nil else { return }
        if committed {
            entries?.removeFirst(covered)
        } else {
            entries?.removeSubrange(roundStart...)
        }
        covered = 0
    }

    /// One block's rows, each kind's keys in order (the rows go into the table's B-tree in key order).
    private func write(block: Int64, _ entries: ArraySlice<Entry>, with statement: SQLiteStatement, db: Database) throws {
        var tasks: [TaskID: [Int64]] = [:], related: [TaskID: [Int64]] = [:], types: [String: [Int64]] = [:]
        for entry in entries {
            if let task = entry.task { tasks[task, default: []].append(entry.seq) }
            if let other = entry.related { related[other, default: []].append(entry.seq) }
            types[entry.type, default: []].append(entry.seq)
        }
        // Kinds in the primary key's order: 'related' < 'task' < 'type'.
        for (key, seqs) in related.sorted(by: { Self.precedes($0.key, $1.key) }) {
            try insert(block, "related", key.wire, seqs, statement, db)
        }
        for (key, seqs) in tasks.sorted(by: { Self.precedes($0.key, $1.key) }) {
            try insert(block, "task", key.wire, seqs, statement, db)
        }
        for (key, seqs) in types.sorted(by: { $0.key < $1.key }) {
            try insert(block, "type", key, seqs, statement, db)
        }
    }

    private func insert(_ block: Int64, _ kind: String, _ key: String, _ seqs: [Int64], _ statement: SQLiteStatement, _ db: Database) throws {
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(seqs.count * 8 + 2)
        for (index, seq) in seqs.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            seq.appendDecimal(to: &json)
        }
        json.append(UInt8(ascii: "]"))
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_bind_int64(statement, 1, block)
        sqlite3_bind_text(statement, 2, kind, -1, transient)
        sqlite3_bind_text(statement, 3, key, -1, transient)
        let code = json.withUnsafeBufferPointer { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement, 4, $0.baseAddress, Int32($0.count), transient) }
            defer { sqlite3_reset(statement) }
            return sqlite3_step(statement)
        }
        guard code == SQLITE_DONE else { throw db.stepError(sql: Self.insertSQL) }
    }

    private static let insertSQL = "INSERT INTO event_blocks (block, kind, key, seqs) VALUES (?, ?, ?, ?)"

    /// Whether `a`'s wire form sorts before `b`'s: lowercase hex keeps the bytes' order.
    private static func precedes(_ a: TaskID, _ b: TaskID) -> Bool {
        let (a0, a1) = halves(a), (b0, b1) = halves(b)
        return a0 != b0 ? a0 < b0 : a1 < b1
    }

    private static func halves(_ id: TaskID) -> (UInt64, UInt64) {
        withUnsafeBytes(of: id.uuid) { raw in
            (UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)), UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }

    /// The events stored after the last summarized block, from the log.
    private static func unsummarized(_ db: Database, path: String) throws -> [Entry] {
        let summarized = try EventBlocks.summarizedBlocks(db)
        let rows = try Row.fetchCursor(
            db, sql: "SELECT seq, type, task_id, related_task_id FROM events WHERE seq >= ? ORDER BY seq",
            arguments: [summarized << EventBlocks.shift])
        var entries: [Entry] = []
        while let row = try rows.next() {
            let seq: Int64 = row[0]
            func id(_ column: Int) throws -> TaskID? {
                guard let text: String = row[column] else { return nil }
                guard let id = UUID(uuidString: text) else {
                    throw StoreError.corrupt(path: path, detail: "event \(seq) has task id '\(text)', which is not a UUID")
                }
                return id
            }
            entries.append(Entry(seq: seq, type: row[1], task: try id(2), related: try id(3)))
        }
        return entries
    }
}
