import Foundation
import GRDB
import IsomorphiqCore

/// Writes one group of append requests in one transaction.
///
/// Fast path: every request's rows are inserted straight into one IMMEDIATE transaction. If a
/// row breaks a constraint (a duplicate event id), the transaction is rolled back and the group
/// retried with one savepoint per request, so only the offending request fails. A failure that
/// is not about one request (disk full, I/O) fails every request of the group and stores nothing.
///
/// Seqs are assigned by SQLite (the `seq` column is the rowid, inserted as NULL: one more than the
/// largest stored), so no `SELECT max(seq)` runs per transaction; the insert is a cached prepared
/// statement (GRDB drops a statement from its cache when a step fails).
enum EventWriter {
    static func commit(_ requests: [[EventRecord]], to pool: DatabasePool, path: String) -> [Result<[Event], any Error>] {
        if requests.allSatisfy(\.isEmpty) { return requests.map { _ in .success([]) } }
        do {
            return try write(requests, to: pool, isolated: requests.count == 1)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && requests.count > 1 {
            do {
                return try write(requests, to: pool, isolated: true)
            } catch {
                let failure = failure(error, path: path)
                return requests.map { _ in .failure(failure) }
            }
        } catch {
            let failure = failure(error, path: path)
            return requests.map { _ in .failure(failure) }
        }
    }

    private static func write(_ requests: [[EventRecord]], to pool: DatabasePool, isolated: Bool) throws -> [Result<[Event], any Error>] {
        try pool.writeWithoutTransaction { db in
            var results: [Result<[Event], any Error>] = []
            results.reserveCapacity(requests.count)
            try db.inTransaction(.immediate) {
                results.removeAll(keepingCapacity: true)
                var statement = try db.cachedStatement(sql: EventRecord.insertSQL)
                for records in requests {
                    if isolated && requests.count > 1 {
                        do {
                            var stored: [Event] = []
                            try db.inSavepoint {
                                stored = try insert(records, with: statement, db: db)
                                return .commit
                            }
                            results.append(.success(stored))
                        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                            statement = try db.cachedStatement(sql: EventRecord.insertSQL)
                            results.append(.failure(duplicate(in: records, db: db) ?? StoreError.database(error.description)))
                        }
                    } else {
                        do {
                            let stored = try insert(records, with: statement, db: db)
                            results.append(.success(stored))
                        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && requests.count == 1 {
                            throw duplicate(in: records, db: db) ?? StoreError.database(error.description)
                        }
                    }
                }
                return .commit
            }
            return results
        }
    }

    private static func insert(_ records: [EventRecord], with statement: Statement, db: Database) throws -> [Event] {
        var stored: [Event] = []
        stored.reserveCapacity(records.count)
        for record in records {
            try statement.execute(arguments: record.arguments)
            stored.append(record.event.sequenced(db.lastInsertedRowID))
        }
        return stored
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
