import Foundation
import GRDB
import IsomorphiqCore
import Testing
@testable import IsomorphiqStore

@Suite("SQLite event store")
struct SQLiteEventStoreTests {
    @Test("every task event type survives a round trip through the file")
    func roundTripEveryType() async throws {
        let events = sampleEvents(400)
        #expect(Set(events.map(\.type)) == Set(EventType.taskEvents))
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let stored = try await store.append(events)
                #expect(stored.map(\.seq) == Array(1...400))
            }
            // Reopen: what comes back is what went in, with seqs.
            try await withStore(in: root) { store async throws in
                let read = try await store.read(EventQuery())
                #expect(read == events.enumerated().map { $0.element.sequenced(Int64($0.offset + 1)) })
                #expect(try await store.lastSeq() == 400)
                #expect(try await store.firstSeq() == 1)
            }
        }
    }

    @Test("seqs are consecutive across calls and reopen")
    func consecutiveSeqs() async throws {
        try await withTemporaryDirectory { root async throws in
            let events = sampleEvents(30)
            try await withStore(in: root) { store async throws in
                #expect(try await store.append(Array(events[0..<10])).map(\.seq) == Array(1...10))
                #expect(try await store.append([]).isEmpty)
                #expect(try await store.append(Array(events[10..<11])).map(\.seq) == [11])
            }
            try await withStore(in: root) { store async throws in
                #expect(try await store.append(Array(events[11...])).map(\.seq) == Array(12...30))
            }
        }
    }

    @Test("many concurrent appenders are all committed, without gaps, each call contiguous")
    func concurrentAppenders() async throws {
        let events = sampleEvents(2_000)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let results = try await withThrowingTaskGroup(of: [Event].self) { group in
                    for start in stride(from: 0, to: events.count, by: 4) {
                        group.addTask { try await store.append(Array(events[start..<(start + 4)])) }
                    }
                    return try await group.reduce(into: [[Event]]()) { $0.append($1) }
                }
                for batch in results {
                    #expect(batch.map(\.seq) == Array(batch[0].seq..<(batch[0].seq + 4)))
                }
                let seqs = results.flatMap { $0.map(\.seq) }.sorted()
                #expect(seqs == Array(1...2_000))
                let stored = try await store.read(EventQuery())
                #expect(Set(stored.map(\.id)) == Set(events.map(\.id)))
                #expect(stored.map(\.seq) == Array(1...2_000))
            }
        }
    }

    @Test("a duplicate event id fails only its own call, of one event or several; concurrent callers still commit")
    func duplicateIsolated() async throws {
        let events = sampleEvents(50)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                _ = try await store.append(Array(events[0..<10]))
                let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                    for index in 10..<50 {
                        group.addTask {
                            let batch = index == 30 ? [events[index], events[3]] : index == 20 ? [events[5]] : [events[index]]
                            return (index, (try? await store.append(batch)) != nil)
                        }
                    }
                    return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
                }
                #expect(outcomes.filter { !$0.value }.map(\.key).sorted() == [20, 30])
                #expect(try await store.lastSeq() == 48)
                let stored = try await store.read(EventQuery())
                #expect(stored.map(\.seq) == Array(1...48))
                #expect(Set(stored.map(\.id)) == Set(events[0..<50].map(\.id)).subtracting([events[20].id, events[30].id]))
                await #expect { try await store.append([events[0]]) } throws: { ($0 as? StoreError)?.code == .duplicateEvent }
            }
        }
    }

    @Test("queries by task, type, time and seq range")
    func queries() async throws {
        let events = sampleEvents(300)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let stored = try await store.append(events)
                let dependency = try #require(stored.first { $0.type == .taskDependencyAdded })
                let related = try #require(dependency.payload.relatedTaskID)
                let queries: [EventQuery] = [
                    EventQuery(taskID: stored[0].taskID),
                    EventQuery(taskID: related),
                    EventQuery(types: [.taskStatusChanged, .taskAssigned]),
                    EventQuery(afterSeq: 100, throughSeq: 150),
                    EventQuery(since: stored[40].timestamp, until: stored[90].timestamp),
                    EventQuery(afterSeq: 10, types: [.taskUpdated], limit: 5),
                    EventQuery(since: stored[40].timestamp.addingTimeInterval(0.0004)),
                ]
                for query in queries {
                    let expected = stored.filter(query.matches).prefix(query.limit ?? .max)
                    let got = try await store.read(query)
                    #expect(got.map(\.seq) == expected.map(\.seq), "query \(String(describing: query))")
                    #expect(got == Array(expected))
                    #expect(!got.isEmpty, "query \(String(describing: query))")
                }
            }
        }
    }

    @Test("the connection writes with synchronous=FULL in WAL mode")
    func durabilitySettings() async throws {
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let (mode, sync) = try await store.pool.write { db in
                    (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
                }
                #expect(mode == "wal")
                #expect(sync == 2)
            }
        }
    }

    @Test("statistics count events by type")
    func statistics() async throws {
        let events = sampleEvents(120)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                _ = try await store.append(events)
                let statistics = try await store.statistics()
                #expect(statistics.eventCount == 120)
                #expect(statistics.lastSeq == 120)
                #expect(statistics.firstSeq == 1)
                #expect(statistics.countsByType["task_created"] == events.filter { $0.type == .taskCreated }.count)
            }
        }
    }

    @Test("append notifications report each commit's last seq")
    func notifications() async throws {
        let events = sampleEvents(5)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                var iterator = store.appendNotifications().makeAsyncIterator()
                _ = try await store.append(Array(events[0..<2]))
                #expect(await iterator.next() == 2)
                _ = try await store.append(Array(events[2..<5]))
                #expect(await iterator.next() == 5)
            }
        }
    }
}
