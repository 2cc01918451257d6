import CSQLiteWALBuffer
import Foundation
import GRDB
import GRDBSQLite
import IsomorphiqCore
import Testing
@testable import IsomorphiqStore

/// The VFS shim that writes a WAL commit's frames in few calls (Sources/CSQLiteWALBuffer): SQLite
/// must not be able to tell it is there. Another connection sees a commit the moment it returns;
/// a transaction larger than the page cache reads back what it spilled; what a crash would leave
/// holds every commit; and the file stays a valid database. It gathers only inside
/// `WALGathering.during` and only under `synchronous=FULL`.
@Suite("WAL write gathering")
struct WALGatheringTests {
    init() {
        #expect(isomorphiq_wal_buffer_register() == SQLITE_OK)
    }

    @Test("under FULL a commit's frames reach the WAL in few writes, under NORMAL none is gathered; another connection sees them at once", arguments: ["FULL", "NORMAL"])
    func commitsAreWrittenAndVisible(synchronous: String) async throws {
        try await withTemporaryDirectory { root async throws in
            let path = root.appendingPathComponent("gathering.sqlite").path
            let writer = try await walDatabase(at: path, synchronous: synchronous, columns: "id INTEGER PRIMARY KEY, body BLOB NOT NULL")
            let reader = try DatabaseQueue(path: path)
            for round in 0..<5 {
                let writes = try await writer.writeWithoutTransaction { db -> Int64 in
                    // Counted on the thread that commits: other tests' connections do not count.
                    let before = isomorphiq_wal_buffer_flushes_on_this_thread()
                    try WALGathering.during(db, enabled: true) {
                        try db.inTransaction {
                            // 62 rows of 3,000 bytes: 62 pages or more, one WAL frame each.
                            for _ in 0..<62 { try db.execute(sql: "INSERT INTO rows (body) VALUES (randomblob(3000))") }
                            return .commit
                        }
                    }
                    return isomorphiq_wal_buffer_flushes_on_this_thread() - before
                }
                // Without gathering: two writes per frame. With it: 31 frames per write.
                if synchronous == "FULL" {
                    #expect(writes >= 1 && writes <= 4, "round \(round): \(writes) writes")
                } else {
                    #expect(writes == 0, "round \(round): NORMAL is refused, yet \(writes) gathered writes")
                }
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
            let total = try await gatheredWrite(writer) { db -> Int in
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

    @Test("every commit size is whole in the file when it returns, wherever the gathering splits")
    func everyCommitSizeIsVisible() async throws {
        try await withTemporaryDirectory { root async throws in
            let path = root.appendingPathComponent("sizes.sqlite").path
            let writer = try await walDatabase(at: path, synchronous: "FULL", columns: "id INTEGER PRIMARY KEY, body BLOB NOT NULL")
            let reader = try DatabaseQueue(path: path)
            var total = 0
            // Commits of 1 to 100 pages: the last frame of some falls where a full gathering is written out.
            for size in 1...100 {
                try await gatheredWrite(writer) { db in
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

    /// What the model says the table holds: row count, total body length, and a checksum of ids and values.
    private struct Contents: Equatable {
        var rows: [Int64: (length: Int, value: Int64)] = [:]
        var summary: [Int64] {
            [Int64(rows.count), rows.values.reduce(0) { $0 + Int64($1.length) }, rows.reduce(0) { $0 &+ $1.key &* $1.value.value }]
        }
        static func == (a: Contents, b: Contents) -> Bool { a.summary == b.summary }
    }

    @Test("random commits, rollbacks of spilled transactions and checkpoints of every mode leave what a model says", arguments: ["FULL", "NORMAL"])
    func randomWorkloadMatchesModel(synchronous: String) async throws {
        try await withTemporaryDirectory { root async throws in
            let path = root.appendingPathComponent("model.sqlite").path
            // A page cache of 8 pages: most transactions spill frames to the WAL before they end.
            let writer = try await walDatabase(
                at: path, synchronous: synchronous, cacheSize: 8, columns: "id INTEGER PRIMARY KEY, body BLOB NOT NULL, value INTEGER NOT NULL")
            let reader = try DatabaseQueue(path: path)
            var random = SplitMix64(state: synchronous == "FULL" ? 1 : 2)
            var model = Contents()
            struct Abandon: Error {}
            for step in 0..<150 {
                let roll = Int.random(in: 0..<10, using: &random)
                if roll < 2 {
                    let mode = ["PASSIVE", "FULL", "RESTART", "TRUNCATE"][Int.random(in: 0..<4, using: &random)]
                    _ = try writer.writeWithoutTransaction { try Row.fetchOne($0, sql: "PRAGMA wal_checkpoint(\(mode))") }
                } else {
                    var next = model
                    var changes: [(id: Int64, length: Int?, value: Int64)] = []
                    for _ in 0..<Int.random(in: 1...120, using: &random) {
                        let id = Int64.random(in: 1...400, using: &random)
                        if Int.random(in: 0..<5, using: &random) == 0 {
                            changes.append((id, nil, 0))
                            next.rows[id] = nil
                        } else {
                            let length = Int.random(in: 100...3_000, using: &random), value = Int64.random(in: 0...1_000_000, using: &random)
                            changes.append((id, length, value))
                            next.rows[id] = (length, value)
                        }
                    }
                    let abandon = roll == 9, planned = changes
                    do {
                        try await gatheredWrite(writer) { db in
                            for change in planned {
                                if let length = change.length {
                                    try db.execute(
                                        sql: "INSERT OR REPLACE INTO rows (id, body, value) VALUES (?, randomblob(?), ?)",
                                        arguments: [change.id, length, change.value])
                                } else {
                                    try db.execute(sql: "DELETE FROM rows WHERE id = ?", arguments: [change.id])
                                }
                            }
                            if abandon { throw Abandon() }
                        }
                        model = next
                    } catch is Abandon {}
                }
                let seen = try reader.read { db in
                    try Row.fetchOne(db, sql: "SELECT count(*), coalesce(sum(length(body)), 0), coalesce(sum(id * value), 0) FROM rows")
                }
                let summary = [seen?[0] as Int64? ?? -1, seen?[1] as Int64? ?? -1, seen?[2] as Int64? ?? -1]
                #expect(summary == model.summary, "step \(step)")
                if summary != model.summary { break }
            }
            #expect(try await reader.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
            try reader.close()
            try writer.close()
            let reopened = try DatabaseQueue(path: path)
            #expect(try await reopened.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM rows") } == model.rows.count)
            try reopened.close()
        }
    }

    @Test("what a crash leaves right after a commit that rewrote pages it had spilled holds that commit", arguments: ["FULL", "NORMAL"])
    func rewrittenSpillSurvivesCrash(synchronous: String) async throws {
        try await withTemporaryDirectory { root async throws in
            let path = root.appendingPathComponent("rewrite.sqlite").path
            // A page cache of 8 pages: the inserts spill, and the update rewrites frames already in the WAL,
            // so the commit ends by rewriting frame headers' checksums, the commit frame's last.
            let writer = try await walDatabase(
                at: path, synchronous: synchronous, cacheSize: 8, columns: "id INTEGER PRIMARY KEY, body BLOB NOT NULL, value INTEGER NOT NULL")
            for round in 1...3 {
                try await gatheredWrite(writer) { db in
                    for _ in 0..<100 { try db.execute(sql: "INSERT INTO rows (body, value) VALUES (randomblob(3000), 0)") }
                    try db.execute(sql: "UPDATE rows SET value = value + 1")
                }
                // What is in the files now is what a kill -9 would leave: bytes still gathered in memory are not.
                let crashed = root.appendingPathComponent("crashed-\(round)")
                try FileManager.default.createDirectory(at: crashed, withIntermediateDirectories: true)
                for suffix in ["", "-wal"] {
                    try FileManager.default.copyItem(atPath: path + suffix, toPath: crashed.appendingPathComponent("copy.sqlite").path + suffix)
                }
                let copy = try DatabaseQueue(path: crashed.appendingPathComponent("copy.sqlite").path)
                let found = try copy.read { try Row.fetchOne($0, sql: "SELECT count(*), coalesce(sum(value), 0) FROM rows") }
                let expected = (1...round).reduce(0) { $0 + 100 * $1 }
                #expect(found?[0] == 100 * round, "round \(round): rows after the crash")
                #expect(found?[1] == expected, "round \(round): values after the crash")
                try copy.close()
            }
            try writer.close()
        }
    }

    @Test("ISOMORPHIQ_STORE_WAL_GATHERING=off (or 0, false, no) turns gathering off; anything else, or nothing, leaves it on")
    func environmentSwitch() {
        for value in ["off", "0", "false", "no", "OFF"] {
            #expect(!WALGathering.enabledByDefault(environment: ["ISOMORPHIQ_STORE_WAL_GATHERING": value]), "\(value)")
        }
        for value in ["on", "1", "yes"] {
            #expect(WALGathering.enabledByDefault(environment: ["ISOMORPHIQ_STORE_WAL_GATHERING": value]), "\(value)")
        }
        #expect(WALGathering.enabledByDefault(environment: [:]))
        #expect(SQLiteEventStore.Options(walGathering: false).walGathering == false)
    }

    /// One write transaction on `writer`, its WAL writes gathered as the store's writer's are.
    @discardableResult
    private func gatheredWrite<T: Sendable>(_ writer: DatabaseQueue, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.writeWithoutTransaction { db in
            try WALGathering.during(db, enabled: true) {
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
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
