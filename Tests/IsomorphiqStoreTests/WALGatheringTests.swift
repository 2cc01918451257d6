import CSQLiteWALBuffer
import Foundation
import GRDB
import GRDBSQLite
import Testing

/// The VFS shim that writes a WAL commit's frames in few calls (Sources/CSQLiteWALBuffer): SQLite
/// must not be able to tell it is there. Another connection sees a commit the moment it returns,
/// with or without a sync; a transaction larger than the page cache reads back what it spilled; and
/// the file stays a valid database.
@Suite("WAL write gathering")
struct WALGatheringTests {
    init() {
        #expect(isomorphiq_wal_buffer_register() == SQLITE_OK)
    }

    @Test("a commit's frames reach the WAL in few writes and another connection sees them at once", arguments: ["FULL", "NORMAL"])
    func commitsAreWrittenAndVisible(synchronous: String) async throws {
        try await withTemporaryDirectory { root async throws in
            let path = root.appendingPathComponent("gathering.sqlite").path
            let writer = try await walDatabase(at: path, synchronous: synchronous, columns: "id INTEGER PRIMARY KEY, body BLOB NOT NULL")
            let reader = try DatabaseQueue(path: path)
            for round in 0..<5 {
                let writes = try await writer.writeWithoutTransaction { db -> Int64 in
                    // Counted on the thread that commits: other tests' connections do not count.
                    let before = isomorphiq_wal_buffer_flushes_on_this_thread()
                    try db.inTransaction {
                        // 62 rows of 3,000 bytes: 62 pages or more, one WAL frame each.
                        for _ in 0..<62 { try db.execute(sql: "INSERT INTO rows (body) VALUES (randomblob(3000))") }
                        return .commit
                    }
                    return isomorphiq_wal_buffer_flushes_on_this_thread() - before
                }
                // Without gathering: two writes per frame. With it: 31 frames per write.
                #expect(writes >= 1 && writes <= 4, "round \(round): \(writes) writes")
                #expect(try await reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM rows") } == 62 * (round + 1))
            }
            #expect(try await reader.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
            try reader.close()
            try writer.close()
        }
    }

    @Test("a transaction larger than the page cache reads back the pages it spilled, and commits whole")
    func spilledTransaction() async throws {
        try await withTemporaryDirectory { root async throws in
            let path = root.appendingPathComponent("spill.sqlite").path
            let writer = try await walDatabase(at: path, synchronous: "FULL", cacheSize: 20, columns: "id INTEGER PRIMARY KEY, body BLOB NOT NULL, sum INTEGER NOT NULL")
            let total = try await writer.write { db -> Int in
                for index in 0..<3_000 {
                    try db.execute(sql: "INSERT INTO rows (body, sum) VALUES (zeroblob(2000), ?)", arguments: [index])
                }
                // Reads every row back inside the transaction: most of its pages were spilled to the WAL.
                return try Int.fetchOne(db, sql: "SELECT sum(sum) FROM rows WHERE length(body) = 2000") ?? -1
            }
            #expect(total == (0..<3_000).reduce(0, +))
            let reader = try DatabaseQueue(path: path)
            #expect(try await reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM rows") } == 3_000)
            #expect(try await reader.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
            try reader.close()
            try writer.close()
        }
    }

    @Test("without a sync, every commit size is whole in the file when it returns, wherever the gathering splits")
    func everyCommitSizeIsVisible() async throws {
        try await withTemporaryDirectory { root async throws in
            let path = root.appendingPathComponent("sizes.sqlite").path
            let writer = try await walDatabase(at: path, synchronous: "NORMAL", columns: "id INTEGER PRIMARY KEY, body BLOB NOT NULL")
            let reader = try DatabaseQueue(path: path)
            var total = 0
            // Commits of 1 to 100 pages: the last frame of some falls where a full gathering is written out.
            for size in 1...100 {
                try await writer.write { db in
                    for _ in 0..<size { try db.execute(sql: "INSERT INTO rows (body) VALUES (randomblob(3000))") }
                }
                total += size
                let seen = try await reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM rows") }
                #expect(seen == total, "after a commit of \(size) rows")
            }
            #expect(try await reader.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
            try reader.close()
            try writer.close()
        }
    }

    /// A database in WAL mode with `synchronous` as given and one table, `rows (columns)`.
    private func walDatabase(at path: String, synchronous: String, cacheSize: Int? = nil, columns: String) async throws -> DatabaseQueue {
        let writer = try DatabaseQueue(path: path)
        try await writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            if let cacheSize { try db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            try db.execute(sql: "CREATE TABLE rows (\(columns))")
        }
        return writer
    }
}
