import Foundation
import GRDB
import IsomorphiqCore
import Logging
@testable import IsomorphiqStore
import Testing

@Suite("Schema migrations")
struct SchemaMigrationTests {
    @Test("a log written with schema v1 opens, migrates to block summaries, keeps every event, and serves reads by task and type")
    func fromVersion1() async throws {
        let events = sampleEvents(1_300)
        try await withTemporaryDirectory { root async throws in
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
            // A database as version 1 left it: its migration only, rows with explicit seqs, user_version 1.
            let queue = try DatabaseQueue(path: directory.databaseURL.path)
            try await queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try StoreSchema.migrator.migrate(queue, upTo: "v1 events and snapshots")
            try await queue.write { db in
                try insertWithSeqs(events, db)
                try db.execute(sql: "PRAGMA user_version = 1")
            }
            try queue.close()

            let store = try SQLiteEventStore.open(in: directory)
            let stored = try await store.read(EventQuery())
            #expect(stored.map(\.seq) == Array(1...Int64(events.count)))
            #expect(stored.map(\.id) == events.map(\.id))
            let indexes = try await store.pool.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name")
            }
            // v2 and v3 made block indexes; v4 replaced them with block summaries of the complete blocks.
            #expect(indexes.filter { !$0.hasPrefix("sqlite_autoindex") } == ["events_by_time"])
            let summarized = try await store.pool.read { db in
                try Int64.fetchAll(db, sql: "SELECT DISTINCT block FROM event_blocks ORDER BY block")
            }
            #expect(summarized == [0, 1], "1,300 events fill blocks 0 and 1 (seqs 1...1023)")
            #expect(try await store.derivedIndexProblems() == [])
            #expect(try await store.pool.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == StoreSchema.version)
            for task in Set(stored.prefix(40).compactMap(\.taskID)) {
                #expect(try await store.read(EventQuery(taskID: task)) == stored.filter(EventQuery(taskID: task).matches))
            }
            let byType = EventQuery(types: [.taskAssigned, .taskDeleted])
            #expect(try await store.read(byType) == stored.filter(byType.matches))
            let more = try await store.append(sampleEvents(5, seed: 99))
            #expect(more.map(\.seq) == Array(Int64(events.count + 1)...Int64(events.count + 5)))
            let report = try await EventLogVerifier(store: store, snapshots: store.snapshots).verify()
            #expect(report.isConsistent, "\(report.problems)")
            await store.close()
        }
    }

    @Test("reads by task across many seq blocks give every event of the task in order, with seq, type and limit bounds")
    func byTaskAcrossBlocks() async throws {
        let events = sampleEvents(2_600, seed: 11, liveTasks: 12)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let stored = try await store.append(events)
                let dependency = try #require(stored.last { $0.type == .taskDependencyAdded })
                let tasks = Set(stored.compactMap(\.taskID)).sorted { $0.wire < $1.wire }.prefix(6) + [dependency.payload.relatedTaskID!]
                for task in tasks {
                    let queries = [
                        EventQuery(taskID: task),
                        EventQuery(afterSeq: 700, throughSeq: 1_900, taskID: task),
                        EventQuery(afterSeq: 1_023, taskID: task, limit: 7),
                        EventQuery(taskID: task, types: [.taskUpdated, .taskDependencyAdded]),
                    ]
                    for query in queries {
                        let expected = Array(stored.filter(query.matches).prefix(query.limit ?? .max))
                        #expect(try await store.read(query) == expected, "query \(String(describing: query))")
                    }
                }
            }
        }
    }

    @Test("reads by type across many seq blocks give every event of those types in order, with seq, time and limit bounds")
    func byTypeAcrossBlocks() async throws {
        let events = sampleEvents(2_600, seed: 12, liveTasks: 12)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let stored = try await store.append(events)
                let middle = stored[1_300].timestamp
                let queries = [
                    EventQuery(types: [.taskCreated]),
                    EventQuery(types: [.taskUpdated, .taskDependencyAdded, .taskDeleted]),
                    EventQuery(afterSeq: 511, throughSeq: 1_537, types: [.taskStatusChanged]),
                    EventQuery(afterSeq: 1_023, types: [.taskUpdated], limit: 9),
                    EventQuery(types: [.taskAssigned], since: middle),
                    EventQuery(types: Set(EventType.allCases)),
                ]
                for query in queries {
                    let expected = Array(stored.filter(query.matches).prefix(query.limit ?? .max))
                    #expect(!expected.isEmpty, "query \(String(describing: query)) selects something")
                    #expect(try await store.read(query) == expected, "query \(String(describing: query))")
                }
            }
        }
    }

    @Test("upgrading a v3 log that holds events says so once and builds its summaries; an up-to-date log says nothing")
    func upgradeIsAnnounced() async throws {
        try await withTemporaryDirectory { root async throws in
            let path = root.appendingPathComponent("v3.sqlite").path
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v3 type index by seq block")
            let events = sampleEvents(600, seed: 21)
            try await queue.write { db in try insertWithSeqs(events, db) }
            let notices = WarningCollector()
            notices.logLevel = .notice
            let logger = Logger(label: "test") { _ in notices }
            try StoreSchema.migrate(queue, path: path, logger: logger)
            #expect(notices.messages.count == 1)
            #expect(notices.messages.first?.contains("upgrading the event log to schema \(StoreSchema.version)") == true)
            #expect(try await queue.read { try Int64.fetchAll($0, sql: "SELECT DISTINCT block FROM event_blocks") } == [0])
            #expect(try await queue.read { try EventBlocks.problems($0) } == [])
            try StoreSchema.migrate(queue, path: path, logger: logger)
            #expect(notices.messages.count == 1, "an up-to-date log is opened without a word")
            try queue.close()
        }
    }

    /// Inserts `events` with seqs 1, 2, 3… as an older program's schema holds them, through GRDB.
    private func insertWithSeqs(_ events: [Event], _ db: Database) throws {
        for (index, event) in events.enumerated() {
            var arguments: StatementArguments = [Int64(index + 1)]
            arguments += try EventRecord(event).arguments
            try db.execute(
                sql: "INSERT INTO events (seq, id, type, task_id, related_task_id, actor, timestamp, payload, schema_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: arguments)
        }
    }
}
