import Foundation
import IsomorphiqCore
import Synchronization
import Testing

/// The bus's writer on a shared log, with another writer's events slipped in before each append:
/// a batch whose reads those events did not change is stored after them at once; one whose reads
/// they changed is decided again against them.
@Suite("Event bus: writing to a shared log")
struct SharedLogWriterTests {
    let store = InterleavingSharedStore()
    let factory = Fixtures.factory()

    func setUp() -> (TaskService, EventBus) {
        let (service, bus, _) = Fixtures.service(store: store)
        return (service, bus)
    }

    func foreignTask(_ title: String, dependsOn dependencies: Set<TaskID> = []) -> (TaskItem, Event) {
        let task = TaskItem(title: title, createdBy: "bob", dependencies: dependencies, createdAt: Fixtures.epoch)
        return (task, factory.taskCreated(task, context: Fixtures.bob))
    }

    @Test("a change to a task others did not touch goes through after their events, which are applied and delivered first")
    func disjointGoesThrough() async throws {
        let (service, bus) = setUp()
        let mine = try #require(try await service.handle(TaskCommand(.create(NewTask(title: "mine"))), as: Fixtures.alice)?.taskID)
        let subscription = try bus.subscribe(.taskEvents, name: "feed", bufferSize: 100, policy: .end)
        let (theirs, created) = foreignTask("theirs")
        store.beforeNextAppend([created])
        let event = try #require(try await service.handle(TaskCommand(.setStatus(mine, .inProgress)), as: Fixtures.alice))
        #expect(event.seq == 3)
        #expect(bus.metricsSnapshot().conflicts == 0)
        #expect(bus.board.task(theirs.id)?.title == "theirs")
        #expect(bus.board.task(mine)?.status == .inProgress)
        var seen: [Int64] = []
        for await delivered in subscription {
            seen.append(delivered.seq)
            if seen.count == 2 { break }
        }
        #expect(seen == [2, 3])
        #expect(store.calls.withLock { $0.last?.reads } == [.task(mine)])
    }

    @Test("an edit at a version another writer moved past is decided again and refused as a conflict")
    func sameTaskDecidedAgain() async throws {
        let (service, bus) = setUp()
        let created = try #require(try await service.handle(TaskCommand(.create(NewTask(title: "shared"))), as: Fixtures.alice))
        var task = try #require(created.payload.task)
        task.title = "theirs"
        task.version = 2
        store.beforeNextAppend([factory.taskUpdated(task, changes: [:], context: Fixtures.root)])
        await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.update(task.id, TaskPatch(title: "mine")), expectedVersion: 1), as: Fixtures.alice)
        }
        #expect(bus.metricsSnapshot().conflicts == 1)
        #expect(bus.board.task(task.id)?.title == "theirs")
        #expect(try await store.lastSeq() == 2)
    }

    @Test("an edge that closes a cycle only with another writer's edge between two other tasks is refused")
    func cycleThroughOthersEdge() async throws {
        let (service, bus) = setUp()
        var ids: [TaskID] = []
        for title in ["x", "y", "u", "v"] {
            ids.append(try #require(try await service.handle(TaskCommand(.create(NewTask(title: title))), as: Fixtures.alice)?.taskID))
        }
        let (x, y, u, v) = (ids[0], ids[1], ids[2], ids[3])
        try await service.handle([TaskCommand(.addDependency(y, dependsOn: u)), TaskCommand(.addDependency(v, dependsOn: x))], as: Fixtures.root)
        // The other writer draws u → v first; then x → y would close x → y → u → v → x.
        var their = try #require(bus.board.task(u))
        their.dependencies.insert(v)
        their.version += 1
        store.beforeNextAppend([factory.taskDependencyAdded(their, dependsOn: v, context: Fixtures.root)])
        do {
            try await service.handle(TaskCommand(.addDependency(x, dependsOn: y)), as: Fixtures.root)
            Issue.record("the edge closing a cycle was stored")
        } catch let error as TaskServiceError {
            #expect(error.message.contains("cycle"))
        }
        #expect(bus.metricsSnapshot().conflicts == 1)
        #expect(bus.board.task(x)?.dependencies.isEmpty == true)
    }

    @Test("a delete decided before another writer drew an edge to the task is decided again, and detaches that edge too")
    func deleteSeesNewDependents() async throws {
        let (service, bus) = setUp()
        let target = try #require(try await service.handle(TaskCommand(.create(NewTask(title: "target"))), as: Fixtures.alice)?.taskID)
        let (dependent, created) = foreignTask("dependent", dependsOn: [target])
        store.beforeNextAppend([created])
        let events = try await service.handle([TaskCommand(.delete(target))], as: Fixtures.alice)
        #expect(events.map(\.type) == [.taskDependencyRemoved, .taskDeleted])
        #expect(bus.metricsSnapshot().conflicts == 1)
        #expect(bus.board.task(dependent.id)?.dependencies.isEmpty == true)
        #expect(bus.board.task(target) == nil)
    }
}
