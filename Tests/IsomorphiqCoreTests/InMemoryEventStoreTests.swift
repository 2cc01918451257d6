import Foundation
import IsomorphiqCore
import Testing

@Suite("In-memory event store")
struct InMemoryEventStoreTests {
    static func populated() async throws -> (InMemoryEventStore, TaskItem, TaskItem) {
        let store = InMemoryEventStore()
        let (service, _, _) = Fixtures.service(store: store)
        let a = try await service.create("A")
        let b = try await service.create("B")
        try await service.handle(TaskCommand(.setStatus(a.id, .inProgress)), as: Fixtures.alice)
        try await service.handle(TaskCommand(.addDependency(b.id, dependsOn: a.id)), as: Fixtures.alice)
        try await service.handle(TaskCommand(.setPriority(b.id, .high)), as: Fixtures.alice)
        return (store, a, b)
    }

    @Test func statisticsCountByType() async throws {
        let (store, _, _) = try await Self.populated()
        let stats = try await store.statistics()
        #expect(stats.eventCount == 5 && stats.firstSeq == 1 && stats.lastSeq == 5 && stats.dropped == 0)
        #expect(stats.countsByType == ["task_created": 2, "task_status_changed": 1, "task_dependency_added": 1, "task_priority_changed": 1])
    }

    @Test func queryByTaskFindsEveryEventThatConcernsIt() async throws {
        let (store, a, b) = try await Self.populated()
        #expect(try await store.read(EventQuery(taskID: a.id)).map(\.seq) == [1, 3, 4])
        #expect(try await store.read(EventQuery(taskID: b.id)).map(\.seq) == [2, 4, 5])
    }

    @Test func queryByTypeSeqAndLimit() async throws {
        let (store, _, _) = try await Self.populated()
        #expect(try await store.read(EventQuery(types: [.taskCreated])).map(\.seq) == [1, 2])
        #expect(try await store.read(EventQuery(afterSeq: 2, throughSeq: 4)).map(\.seq) == [3, 4])
        #expect(try await store.read(EventQuery(afterSeq: 1, limit: 2)).map(\.seq) == [2, 3])
    }

    @Test func queryByTimeRange() async throws {
        let (store, _, _) = try await Self.populated()
        let all = try await store.read(EventQuery())
        let from = all[1].timestamp
        let until = all[3].timestamp
        #expect(try await store.read(EventQuery(since: from, until: until)).map(\.seq) == [2, 3])
    }

    @Test func boundDropsOldestAndCounts() async throws {
        let store = InMemoryEventStore(capacity: 3)
        let factory = Fixtures.factory()
        for i in 0..<5 {
            store.appendNow([factory.taskCreated(TaskItem(title: "t\(i)", createdBy: "a", createdAt: Fixtures.epoch), context: Fixtures.alice)])
        }
        let stats = try await store.statistics()
        #expect(stats.eventCount == 3 && stats.dropped == 2 && stats.firstSeq == 3 && stats.lastSeq == 5)
        #expect(try await store.firstSeq() == 3)
        #expect(try await store.read(EventQuery(afterSeq: 0)).map(\.seq) == [3, 4, 5])
    }

    @Test func appendNotificationsReportTheNewLastSeq() async throws {
        let store = InMemoryEventStore()
        let notifications = store.appendNotifications()
        store.appendNow([Fixtures.factory().taskCreated(TaskItem(title: "t", createdBy: "a", createdAt: Fixtures.epoch), context: Fixtures.alice)])
        var iterator = notifications.makeAsyncIterator()
        #expect(await iterator.next() == 1)
    }
}
