import Foundation
import IsomorphiqCore
import IsomorphiqPostgres
import IsomorphiqStore
import Testing

/// The `EventStore` contract on PostgreSQL, checked against the in-memory store's answers, and what
/// only a shared log has: conditional appends, one gap-free seq under concurrent writers, notifications.
@Suite("PostgreSQL: the shared event log", .enabled(if: PostgresTestDatabase.available), .timeLimit(.minutes(2)))
struct PostgresEventStoreTests {
    static func events(_ count: Int, seed: UInt64 = 7) -> [Event] {
        var generator = SyntheticEvents(seed: seed, liveTasks: 20)
        return generator.next(count)
    }

    @Test("reads answer every query as the in-memory store does")
    func contract() async throws {
        try await withSharedLog { (stores: [PostgresEventStore]) async throws in
            let store = stores[0]
            let memory = InMemoryEventStore(capacity: 10_000)
            let events = Self.events(600)
            for chunk in stride(from: 0, to: events.count, by: 100) {
                let part = Array(events[chunk..<min(events.count, chunk + 100)])
                let stored = try await store.append(part)
                #expect(stored == (try await memory.append(part)))
            }
            #expect(try await store.lastSeq() == 600)
            #expect(try await store.firstSeq() == 1)
            let task = events[0].taskID
            let queries = [
                EventQuery(), EventQuery(afterSeq: 250), EventQuery(afterSeq: 10, throughSeq: 20), EventQuery(limit: 5),
                EventQuery(taskID: task), EventQuery(types: [.taskStatusChanged, .taskDependencyAdded]),
                EventQuery(afterSeq: 100, types: [.taskCreated], limit: 3),
                EventQuery(since: events[300].timestamp), EventQuery(until: events[10].timestamp),
            ]
            for query in queries {
                #expect(try await store.read(query) == (try await memory.read(query)), "\(query)")
            }
            let statistics = try await store.statistics()
            #expect(statistics.eventCount == 600)
            #expect(statistics.countsByType == (try await memory.statistics()).countsByType)
            let (board, _) = try await ReplayService(store: store).fold()
            #expect(board == TaskBoard.fold(events.enumerated().map { $1.sequenced(Int64($0 + 1)) }))
        }
    }

    @Test("an append conditional on a head that moved stores nothing and says where the log is")
    func conditionalAppend() async throws {
        try await withSharedLog { (stores: [PostgresEventStore]) async throws in
            let store = stores[0]
            let events = Self.events(4)
            #expect(try await store.append([events[0]], after: 0, unlessChanged: nil).stored.map(\.seq) == [1])
            await #expect(throws: EventStoreHeadMoved(lastSeq: 1)) { _ = try await store.append([events[1]], after: 0, unlessChanged: nil) }
            let next = try await store.append([events[1], events[2]], after: 1, unlessChanged: nil)
            #expect(next.stored.map(\.seq) == [2, 3])
            #expect(next.missed.isEmpty)
            #expect(try await store.lastSeq() == 3)
            // A duplicate id is refused whole.
            await #expect(throws: StoreError.self) { _ = try await store.append([events[3], events[0]]) }
            #expect(try await store.lastSeq() == 3)
        }
    }

    @Test("an append past other writers' events goes through only if none of them changed what it read, and returns them")
    func appendPastForeignEvents() async throws {
        try await withSharedLog { (stores: [PostgresEventStore]) async throws in
            let store = stores[0]
            let factory = EventFactory()
            let context = EventContext(userId: "alice", source: "test")
            let now = Date()
            let a = TaskItem(title: "a", createdBy: "alice", createdAt: now), b = TaskItem(title: "b", createdBy: "alice", createdAt: now)
            var c = TaskItem(title: "c", createdBy: "alice", createdAt: now)
            c.dependencies = [a.id]
            _ = try await store.append([factory.taskCreated(a, context: context), factory.taskCreated(b, context: context)])
            // Another writer creates c (depending on a) at seq 3.
            _ = try await store.append([factory.taskCreated(c, context: context)], after: 2, unlessChanged: [])
            var b2 = b
            b2.title = "b2"
            b2.version = 2
            let edit = factory.taskUpdated(b2, changes: [:], context: context)
            // Read at seq 2: b, and a's dependents. c changed a's dependents: refused.
            await #expect(throws: EventStoreHeadMoved(lastSeq: 3)) {
                _ = try await store.append([edit], after: 2, unlessChanged: [.task(b.id), .dependents(a.id)])
            }
            // Read only b: goes through after c, and hands c back.
            let result = try await store.append([edit], after: 2, unlessChanged: [.task(b.id)])
            #expect(result.missed.map(\.seq) == [3])
            #expect(result.missed.first?.taskID == c.id)
            #expect(result.stored.map(\.seq) == [4])
            // Read c (say, a check that it does not exist yet) at seq 2: refused.
            await #expect(throws: EventStoreHeadMoved(lastSeq: 4)) {
                _ = try await store.append([], after: 2, unlessChanged: [.task(c.id)])
            }
            // A check with nothing to store reports what came after.
            #expect(try await store.append([], after: 3, unlessChanged: [.task(a.id)]).missed.map(\.seq) == [4])
            #expect(try await store.lastSeq() == 4)
        }
    }

    @Test("three instances appending at once: one gap-free seq, every event once, readers never see a hole")
    func concurrentWriters() async throws {
        try await withSharedLog(instances: 3) { (stores: [PostgresEventStore]) async throws in
            let events = Self.events(900, seed: 11)
            let watcher = Task {
                // A reader polling the head: whatever it sees is complete up to that seq.
                var holes = 0
                for _ in 0..<200 {
                    let last = try await stores[0].lastSeq()
                    let read = try await stores[0].read(EventQuery(throughSeq: last))
                    if last > 0, read.map(\.seq) != Array(1...last) { holes += 1 }
                    if last >= 900 { break }
                }
                return holes
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, store) in stores.enumerated() {
                    let mine = stride(from: index * 10, to: events.count, by: 30).map { Array(events[$0..<min(events.count, $0 + 10)]) }
                    group.addTask { for batch in mine { _ = try await store.append(batch) } }
                }
                try await group.waitForAll()
            }
            #expect(try await watcher.value == 0)
            let all = try await stores[1].read(EventQuery())
            #expect(all.map(\.seq) == Array(1...900))
            #expect(Set(all.map(\.id)) == Set(events.map(\.id)))
        }
    }

    @Test("every instance hears of every append, its own and others'")
    func notifications() async throws {
        try await withSharedLog(instances: 2) { (stores: [PostgresEventStore]) async throws in
            var heard = stores[1].appendNotifications().makeAsyncIterator()
            // The head is announced once listening.
            #expect(await heard.next() == 0)
            _ = try await stores[0].append(Self.events(3))
            var last: Int64 = 0
            while last < 3, let seq = await heard.next() { last = seq }
            #expect(last == 3)
        }
    }

    @Test("snapshots are shared: saved by one instance, listed and read by another, pruned")
    func snapshots() async throws {
        try await withSharedLog(instances: 2) { (stores: [PostgresEventStore]) async throws in
            let stored = try await stores[0].append(Self.events(50))
            let boards = [10, 20, 30, 40].map { TaskBoard.fold(stored.prefix($0)) }
            for board in boards { try await stores[0].snapshots.save(board, createdAt: Date()) }
            #expect(try await stores[1].snapshots.list().map(\.seq) == boards.map(\.lastSeq).reversed())
            #expect(try await stores[1].snapshots.board(at: boards[2].lastSeq) == boards[2])
            try await stores[1].snapshots.prune(keeping: 2)
            #expect(try await stores[0].snapshots.list().map(\.seq) == [boards[3].lastSeq, boards[2].lastSeq])
            let loaded = try await BoardLoader(store: stores[1], snapshots: stores[1].snapshots).load()
            #expect(loaded.snapshotSeq == boards[3].lastSeq)
            #expect(loaded.board == TaskBoard.fold(stored))
        }
    }
}
