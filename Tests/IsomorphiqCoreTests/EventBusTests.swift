import Foundation
@testable import IsomorphiqCore
import Synchronization
import Testing

@Suite("Event bus")
struct EventBusTests {
    @Test func publishedTaskCreatedReachesSubscribers() async throws {
        let (service, bus, _) = Fixtures.service()
        let first = try bus.subscribe(.type(.taskCreated), name: "first")
        let second = try bus.subscribe(.all, name: "second")
        let task = try await service.create("hello")
        let a = await collect(first, count: 1)
        let b = await collect(second, count: 1)
        #expect(a.first?.payload.task?.id == task.id)
        #expect(b.first?.seq == 1)
    }

    @Test func lateSubscriberGetsOnlyLaterEvents() async throws {
        let (service, bus, _) = Fixtures.service()
        _ = try await service.create("before")
        let late = try bus.subscribe(.all, name: "late")
        let after = try await service.create("after")
        let events = await collect(late, count: 1)
        #expect(events.map { $0.payload.task?.id } == [after.id])
        #expect(late.depth == 0)
    }

    @Test func subscriptionByTypeSkipsOtherTypes() async throws {
        let (service, bus, _) = Fixtures.service()
        let statuses = try bus.subscribe(EventFilter(types: [.taskStatusChanged, .taskPriorityChanged]), name: "statuses")
        let task = try await service.create("t")
        try await service.handle(TaskCommand(.setPriority(task.id, .high)), as: Fixtures.alice)
        try await service.handle(TaskCommand(.setStatus(task.id, .done)), as: Fixtures.alice)
        let events = await collect(statuses, count: 2)
        #expect(events.map(\.type) == [.taskPriorityChanged, .taskStatusChanged])
    }

    @Test func metricsCountPublishedDeliveredAndPerType() async throws {
        let (service, bus, _) = Fixtures.service()
        let subscription = try bus.subscribe(.all, name: "counter")
        let task = try await service.create("t")
        try await service.handle(TaskCommand(.setStatus(task.id, .inProgress)), as: Fixtures.alice)
        try await service.handle(TaskCommand(.setPriority(task.id, .low)), as: Fixtures.alice)
        _ = await collect(subscription, count: 3)
        let metrics = bus.metricsSnapshot()
        #expect(metrics.published == 3)
        #expect(metrics.delivered == 3)
        #expect(metrics.publishedByType == ["task_created": 1, "task_status_changed": 1, "task_priority_changed": 1])
        #expect(metrics.listenerCount == 1)
    }

    @Test func latencyPercentilesComeFromTheRecordedDeliveries() {
        let metrics = EventBusMetrics()
        #expect(metrics.snapshot().latencyP99Microseconds == 0, "nothing delivered, nothing measured")
        let now = ContinuousClock.now
        metrics.recordDelivery(count: 98, publishedAt: now - .milliseconds(1))
        metrics.recordDelivery(count: 2, publishedAt: now - .seconds(2))
        let snapshot = metrics.snapshot()
        #expect((1_000...50_000).contains(snapshot.latencyP50Microseconds), "\(snapshot.latencyP50Microseconds) µs")
        #expect(snapshot.latencyP99Microseconds >= 1_950_000, "\(snapshot.latencyP99Microseconds) µs")
        #expect(EventBusMetrics(enabled: false).snapshot().delivered == 0)
    }

    @Test func throwingSubscriberIsIsolated() async throws {
        let (service, bus, _) = Fixtures.service()
        struct Boom: Error {}
        let failures = Mutex(0)
        try bus.subscribe(.all, name: "thrower") { _ in
            failures.withLock { $0 += 1 }
            throw Boom()
        }
        let healthy = try bus.subscribe(.all, name: "healthy")
        _ = try await service.create("one")
        _ = try await service.create("two")
        let received = await collect(healthy, count: 2)
        #expect(received.count == 2)
        while failures.withLock({ $0 }) < 2 { await Task.yield() }
        #expect(bus.metricsSnapshot().errors == 2)
    }

    @Test func stuckSubscriberDropsOldestWithoutDelayingOthers() async throws {
        let (service, bus, _) = Fixtures.service()
        let stuck = try bus.subscribe(.all, name: "stuck", bufferSize: 4, policy: .dropOldest)
        let healthy = try bus.subscribe(.all, name: "healthy", bufferSize: 100)
        for i in 0..<10 { _ = try await service.create("task \(i)") }
        #expect(await collect(healthy, count: 10).count == 10)
        #expect(stuck.depth == 4)
        #expect(stuck.dropped == 6)
        let kept = await collect(stuck, count: 4)
        #expect(kept.map(\.seq) == [7, 8, 9, 10])
        #expect(bus.metricsSnapshot().dropped == 6)
    }

    @Test func overflowWithEndPolicyEndsTheSubscription() async throws {
        let (service, bus, _) = Fixtures.service()
        let strict = try bus.subscribe(.all, name: "strict", bufferSize: 2, policy: .end)
        for i in 0..<3 { _ = try await service.create("task \(i)") }
        #expect(strict.end == .overflow(capacity: 2))
        var count = 0
        for await _ in strict { count += 1 }
        #expect(count == 0)
        #expect(bus.listenerCount == 0)
    }

    @Test func maxListenersIsEnforced() throws {
        let bus = EventBus(configuration: EventBusConfiguration(maxListeners: 2), store: InMemoryEventStore())
        let first = try bus.subscribe()
        _ = try bus.subscribe()
        #expect(throws: EventBusError.tooManyListeners(limit: 2)) { try bus.subscribe() }
        first.cancel()
        _ = try bus.subscribe()
    }

    @Test func middlewareRunsInRegistrationOrderAndMayTransform() async throws {
        let order = Mutex<[String]>([])
        let one = ClosureMiddleware(name: "one") { event, next in
            order.withLock { $0.append("one") }
            return try await next(event)
        }
        let two = ClosureMiddleware(name: "two") { event, next in
            order.withLock { $0.append("two") }
            var tagged = event
            tagged.metadata.sessionId = "stamped"
            return try await next(tagged)
        }
        let (service, _, store) = Fixtures.service(middleware: [one, two])
        _ = try await service.create("t")
        #expect(order.withLock { $0 } == ["one", "two"])
        #expect(try await store.read(EventQuery()).first?.metadata.sessionId == "stamped")
    }

    @Test func rejectionFailsPublishAndLeavesNoTrace() async throws {
        let refuse = ClosureMiddleware(name: "gate") { event, next in
            if event.payload.task?.title == "forbidden" { throw EventRejection(middleware: "gate", reason: "no") }
            return try await next(event)
        }
        let (service, bus, store) = Fixtures.service(middleware: [refuse])
        let subscription = try bus.subscribe(.all)
        let error = await #expect(throws: TaskServiceError.self) { try await service.create("forbidden") }
        #expect(error?.code == .rejected)
        #expect(try await store.lastSeq() == 0)
        #expect(bus.board.count == 0)
        #expect(subscription.depth == 0)
        #expect(bus.metricsSnapshot().rejected == 1)
        _ = try await service.create("allowed")
        #expect(await collect(subscription, count: 1).first?.seq == 1)
    }

    @Test func hangingMiddlewareTimesOutAndTheBusKeepsWorking() async throws {
        let entered = Mutex(false)
        let hang = ClosureMiddleware(name: "sleepy") { event, next in
            if event.payload.task?.title == "hang" {
                entered.withLock { $0 = true }
                try? await Task.sleep(for: .seconds(3600))
            }
            return try await next(event)
        }
        let (service, bus, store) = Fixtures.service(middleware: [hang], configuration: EventBusConfiguration(middlewareTimeout: .milliseconds(100)))
        let stuck = Task { try await service.create("hang") }
        while !entered.withLock({ $0 }) { await Task.yield() }
        let queued = Task { try await service.create("behind it") }
        let error = await #expect(throws: TaskServiceError.self) { try await stuck.value }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("sleepy") == true)
        let fine = try await queued.value
        #expect(bus.board[fine.id] != nil)
        #expect(try await store.read(EventQuery()).map { $0.payload.task?.title } == ["behind it"])
    }

    @Test func aRefusalBeforeAStallInTheSameBatchIsAnsweredOnce() async throws {
        // The store holds the first append, so that "refuse" and "hang" queue up behind it and
        // form one batch; the watchdog then re-queues that batch's undecided rest, which must not
        // include "refuse". (Held in the store, not in a middleware: no timeout runs there.)
        let hangEntered = Mutex(false)
        let middleware = ClosureMiddleware(name: "picky") { event, next in
            switch event.payload.task?.title {
            case "refuse":
                throw EventRejection(middleware: "picky", reason: "not this one")
            case "hang":
                hangEntered.withLock { $0 = true }
                try? await Task.sleep(for: .seconds(3600))
            default: break
            }
            return try await next(event)
        }
        let store = FailingStore()
        let (service, bus, _) = Fixtures.service(middleware: [middleware], configuration: EventBusConfiguration(middlewareTimeout: .milliseconds(200)), store: store)
        store.holding.withLock { $0 = true }
        let gate = Task { try await service.create("gate") }
        while store.waiting.withLock({ $0 }) < 1 { await Task.yield() }
        let refused = Task { try await service.create("refuse") }
        while bus.queuedWrites < 1 { await Task.yield() }
        let hung = Task { try await service.create("hang") }
        while bus.queuedWrites < 2 { await Task.yield() }
        store.holding.withLock { $0 = false }
        _ = try await gate.value
        let refusal = await #expect(throws: TaskServiceError.self) { try await refused.value }
        #expect(refusal?.message.contains("not this one") == true)
        let timeout = await #expect(throws: TaskServiceError.self) { try await hung.value }
        #expect(timeout?.message.contains("picky") == true)
        #expect(hangEntered.withLock { $0 })
        let after = try await service.create("after")
        #expect(bus.board[after.id] != nil)
        #expect(try await store.read(EventQuery()).map { $0.payload.task?.title } == ["gate", "after"])
    }

    @Test(.timeLimit(.minutes(1))) func everyPublisherOfALargeBatchGetsItsOwnCommittedTask() async throws {
        // The store holds the first append while 40 creates queue behind it, so that they form one
        // batch, large enough for its publishers to be resumed from the bus's dispatch queue.
        let store = FailingStore()
        let (service, bus, _) = Fixtures.service(store: store)
        store.holding.withLock { $0 = true }
        let gate = Task { try await service.create("gate") }
        while store.waiting.withLock({ $0 }) < 1 { await Task.yield() }
        let count = 40  // above EventBus.batchResumedApart (16)
        let creates = (0..<count).map { index in Task { try await service.create("task \(index)") } }
        while bus.queuedWrites < count { await Task.yield() }
        store.holding.withLock { $0 = false }
        _ = try await gate.value
        var ids: Set<TaskID> = []
        for (index, create) in creates.enumerated() {
            let task = try await create.value
            #expect(task.title == "task \(index)")
            #expect(bus.board[task.id]?.title == "task \(index)")
            ids.insert(task.id)
        }
        #expect(ids.count == count)
        let stored = try await store.read(EventQuery())
        #expect(stored.map(\.seq) == Array(1...Int64(count + 1)))
        #expect(Set(stored.dropFirst().compactMap(\.taskID)) == ids)
    }

    @Test func storeFailureFailsTheCommandAndChangesNothing() async throws {
        let store = FailingStore()
        let (service, bus, _) = Fixtures.service(store: store)
        let subscription = try bus.subscribe(.all)
        store.failing.withLock { $0 = true }
        let error = await #expect(throws: TaskServiceError.self) { try await service.create("lost?") }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("disk full") == true)
        #expect(bus.board.count == 0)
        #expect(subscription.depth == 0)
        store.failing.withLock { $0 = false }
        _ = try await service.create("kept")
        #expect(bus.board.count == 1)
    }

    @Test func systemEventsAreDeliveredButNotStored() async throws {
        let (_, bus, store) = Fixtures.service()
        let subscription = try bus.subscribe(.type(.clientConnected))
        let presence = ClientPresence(connectionId: "c1", user: "bob", program: "browser", address: "127.0.0.1", at: Fixtures.epoch)
        let event = try await bus.publish(Fixtures.factory().clientConnected(presence))
        #expect(event.seq == 0)
        #expect(await collect(subscription, count: 1).first?.payload == .clientConnected(presence))
        #expect(try await store.lastSeq() == 0)
    }

    @Test func concurrentCommandsAreSerialisedWithoutGaps() async throws {
        let (service, bus, store) = Fixtures.service()
        let task = try await service.create("counter")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask {
                    try await service.handle(TaskCommand(.update(task.id, TaskPatch(title: "v\(i)"))), as: Fixtures.alice)
                }
            }
            try await group.waitForAll()
        }
        let events = try await store.read(EventQuery())
        #expect(events.map(\.seq) == Array(1...Int64(events.count)))
        #expect(bus.board[task.id]?.version == events.count)
        #expect(TaskBoard.fold(events) == bus.board)
    }
}
