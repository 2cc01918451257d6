import Foundation
import GRDB
import GRDBSQLite
import IsomorphiqCore

/// Writes one round of append requests in one transaction, taking them as they arrive.
///
/// Each request is inserted as soon as the round hands it over (`GroupCommitter.Gathering`), so
/// the transaction fills while the round's late requests are still on their way. A request that
/// breaks a constraint (a duplicate event id) fails alone: a one-event request's failed INSERT is
/// undone by SQLite itself (the statement aborts, the transaction stays), and a longer request
/// runs in a savepoint, so one call's events are stored all or none. A failure that is not about
/// one request (disk full, I/O) rolls the transaction back and fails every request taken.
///
/// A round that completes a block of 512 seqs also writes that block's summaries (`EventBlocks`,
/// built by `BlockSummarizer`), in the same transaction: a summary exists exactly when its block
/// is durably complete.
///
/// Seqs are assigned by SQLite (the `seq` column is the rowid, inserted as NULL: one more than the
/// largest stored), so no `SELECT max(seq)` runs per transaction. The insert is GRDB's cached
/// prepared statement, stepped through SQLite's C API with the record's bytes bound in place: the
/// committer's thread is the log's bottleneck, and GRDB's argument handling cost a tenth of it.
///
/// With `walGathering`, the transaction's WAL writes are gathered (`WALGathering`).
enum EventWriter {
    static func commit(
        _ gathering: GroupCommitter<[EventRecord], [Event]>.Gathering, to pool: DatabasePool,
        summarizer: BlockSummarizer, path: String, walGathering: Bool
    ) -> [Result<[Event], any Error>] {
        var results: [Result<[Event], any Error>] = []
        do {
            try pool.writeWithoutTransaction { db in
                try WALGathering.during(db, enabled: walGathering) {
                    try db.inTransaction(.immediate) {
                        try summarizer.beginRound(db)
                        let statement = try db.cachedStatement(sql: EventRecord.insertSQL)
                        while let requests = gathering.next() {
                            for records in requests {
                                do {
                                    let stored = try insert(records, with: statement, db: db)
                                    summarizer.stored(stored)
                                    results.append(.success(stored))
                                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                                    results.append(.failure(duplicate(in: records, db: db) ?? StoreError.database(error.description)))
                                }
                            }
                        }
                        try summarizer.writeCompleted(db)
                        return .commit
                    }
                }
            }
            summarizer.endRound(committed: true)
            return results
        } catch {
            summarizer.endRound(committed: false)
            let failure = failure(error, path: path)
            return Array(repeating: .failure(failure), count: gathering.count)
        }
    }

    /// Inserts one request's events: alone, or in a savepoint when there are several.
    private static func insert(_ records: [EventRecord], with statement: Statement, db: Database) throws -> [Event] {
        guard records.count > 1 else {
            return try records.map { try insertOne($0, with: statement, db: db) }
        }
        var stored: [Event] = []
        try db.inSavepoint {
            stored = try records.map { try insertOne($0, with: statement, db: db) }
            return .commit
        }
        return stored
    }

    private static func insertOne(_ record: EventRecord, with statement: Statement, db: Database) throws -> Event {
        let handle = statement.sqliteStatement
        let failure = record.text.withUnsafeBufferPointer { text -> DatabaseError? in
            record.bind(to: handle, text: text)
            defer { sqlite3_reset(handle) }
            guard sqlite3_step(handle) != SQLITE_DONE else { return nil }
            return db.stepError(sql: EventRecord.insertSQL)
        }
        if let failure { throw failure }
        return record.event.sequenced(db.lastInsertedRowID)
    }

    /// The typed error for the first record whose id is already stored or repeated in `records`.
    private static func duplicate(in records: [EventRecord], db: Database) -> StoreError? {
        var seen = Set<UUID>()
        for record in records {
            if !seen.insert(record.event.id).inserted { return .duplicateEvent(record.event.id) }
            if (try? Bool.fetchOne(db, sql: "SELECT 1 FROM events WHERE id = ?", arguments: [record.event.id.wire])) == true {
                return .duplicateEvent(record.event.id)
            }
        }
        return nil
    }

    private static func failure(_ error: any Error, path: String) -> StoreError {
        SQLiteEventStore.storeError(error, path: path, writing: true)
    }
}
