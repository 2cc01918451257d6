import Foundation
import GRDB
import IsomorphiqCore
@testable import IsomorphiqStore
import Testing

/// The block summaries that serve reads by task and type (`EventBlocks`, `BlockSummarizer`): they
/// must always match the committed log, whatever the rounds that wrote it did.
@Suite("Block summaries")
struct BlockSummaryTests {
    @Test("appends that complete blocks a few events at a time leave summaries that match the events, and reads agree")
    func summariesFromManySmallAppends() async throws {
        let events = sampleEvents(1_700, seed: 13, liveTasks: 9)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                // 34 concurrent writers of 1 to 3 events: rounds of every size cross the block boundaries.
                let chunks = stride(from: 0, to: events.count, by: 50).map { Array(events[$0..<min($0 + 50, events.count)]) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for chunk in chunks {
                        group.addTask {
                            var rest = chunk[...]
                            while !rest.isEmpty {
                                let size = min(rest.count, 1 + rest.count % 3)
                                _ = try await store.append(Array(rest.prefix(size)))
                                rest = rest.dropFirst(size)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let stored = try await store.read(EventQuery())
                #expect(stored.count == events.count)
                let blocks = try await store.pool.read { db in
                    try Int64.fetchAll(db, sql: "SELECT DISTINCT block FROM event_blocks ORDER BY block")
                }
                #expect(blocks == [0, 1, 2], "seqs 1...1700 complete blocks 0, 1 and 2; block 3 is unfinished")
                #expect(try await store.derivedIndexProblems() == [])
                let task = try #require(stored.last?.taskID)
                for query in [EventQuery(taskID: task), EventQuery(types: [.taskUpdated]), EventQuery(afterSeq: 1_500, types: [.taskCreated])] {
                    #expect(try await store.read(query) == stored.filter(query.matches), "query \(String(describing: query))")
                }
            }
        }
    }

    @Test("events verify reports a block summary that disagrees with the events, and the summarized block")
    func verifyFindsATamperedSummary() async throws {
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let stored = try await store.append(sampleEvents(600, seed: 14))
                let before = try await EventLogVerifier(store: store, snapshots: store.snapshots).verify()
                #expect(before.isConsistent, "\(before.problems)")
                let victim = try #require(stored.first { $0.seq > 3 && $0.seq < 500 && $0.taskID != nil })
                try await store.pool.write { db in
                    try db.execute(
                        sql: "UPDATE event_blocks SET seqs = json_remove(seqs, '$[#-1]') WHERE block = 0 AND kind = 'task' AND key = ?",
                        arguments: [victim.taskID!.wire])
                }
                let after = try await EventLogVerifier(store: store, snapshots: store.snapshots).verify()
                #expect(!after.isConsistent)
                #expect(after.indexProblems.count == 1)
                #expect(after.indexProblems.first?.hasPrefix("block summary 0, task \(victim.taskID!.wire): lacks seq") == true)
            }
        }
    }

    @Test("a round that fails while completing a block writes no summary, and the block's summary is right once it completes")
    func failedRoundsLeaveNoTrace() async throws {
        let events = sampleEvents(1_200, seed: 15)
        try await withTemporaryDirectory { root async throws in
            let pages = try await withStore(in: root) { store async throws in
                _ = try await store.append(Array(events[0..<480]))
                return try await store.pool.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }
            }
            try await withStore(in: root, options: .init(maxPageCount: pages + 2)) { store async throws in
                // Seqs 481...680 would complete block 0: the disk is full, the round rolls back.
                await #expect(throws: StoreError.self) { try await store.append(Array(events[480..<680])) }
                // A request of several events with a repeated id is rolled back to its savepoint
                // while another request of the round is stored.
                try await store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1000000") }
                _ = try await store.append(Array(events[480..<500]))
                await #expect(throws: StoreError.self) { try await store.append(Array(events[500..<520]) + [events[0]]) }
                #expect(try await store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM event_blocks") } == 0)
                #expect(try await store.derivedIndexProblems() == [])
                let stored = try await store.append(Array(events[500...]))
                #expect(stored.first?.seq == 501 && stored.last?.seq == 1_200)
                #expect(try await store.pool.read { try Int64.fetchAll($0, sql: "SELECT DISTINCT block FROM event_blocks") } == [0, 1])
                #expect(try await store.derivedIndexProblems() == [])
            }
        }
    }

    @Test("a reopened log completes the block its last process left unfinished with the right summary")
    func reopenedLogCompletesItsBlock() async throws {
        let events = sampleEvents(1_000, seed: 16)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                _ = try await store.append(Array(events[0..<700]))
            }
            try await withStore(in: root) { store async throws in
                for event in events[700...] { _ = try await store.append([event]) }
                #expect(try await store.pool.read { try Int64.fetchAll($0, sql: "SELECT DISTINCT block FROM event_blocks") } == [0])
                #expect(try await store.derivedIndexProblems() == [])
                let all = try await store.read(EventQuery())
                let task = try #require(all[600].taskID)
                #expect(try await store.read(EventQuery(taskID: task)) == all.filter(EventQuery(taskID: task).matches))
            }
        }
    }

    @Test("the summarizer forgets a rolled-back round's events and keeps a committed round's, whatever was summarized")
    func summarizerFollowsCommitsAndRollbacks() throws {
        let queue = try DatabaseQueue()
        try StoreSchema.migrator.migrate(queue)
        let summarizer = BlockSummarizer(path: "memory")
        let kept = sampleEvents(600, seed: 17).enumerated().map { $1.sequenced(Int64($0 + 1)) }
        let lost = sampleEvents(300, seed: 18).enumerated().map { $1.sequenced(Int64($0 + 301)) }
        try queue.inDatabase { db in
            try summarizer.beginRound(db)
            summarizer.stored(Array(kept[0..<300]))
            summarizer.endRound(committed: true)
            // A round that stores seqs 301...600, completes block 0, and then fails to commit.
            try summarizer.beginRound(db)
            summarizer.stored(lost)
            try db.inSavepoint {
                try summarizer.writeCompleted(db)
                return .rollback
            }
            summarizer.endRound(committed: false)
            try summarizer.beginRound(db)
            summarizer.stored(Array(kept[300...]))
            try summarizer.writeCompleted(db)
            summarizer.endRound(committed: true)
        }
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT block, kind, key, seqs FROM event_blocks ORDER BY kind, key")
        }
        var expected: [String: [Int64]] = [:]
        for event in kept where event.seq < 512 {
            if let task = event.taskID { expected["task " + task.wire, default: []].append(event.seq) }
            if let other = event.payload.relatedTaskID { expected["related " + other.wire, default: []].append(event.seq) }
            expected["type " + event.type.rawValue, default: []].append(event.seq)
        }
        var found: [String: [Int64]] = [:]
        for row in rows {
            #expect(row["block"] as Int64 == 0)
            let seqs = try JSONDecoder().decode([Int64].self, from: Data((row["seqs"] as String).utf8))
            found[(row["kind"] as String) + " " + (row["key"] as String)] = seqs
        }
        let differing = Set(found.keys).union(expected.keys).filter { found[$0] != expected[$0] }
        #expect(differing.isEmpty, "summaries that differ: \(differing.sorted().prefix(5))")
    }
}
