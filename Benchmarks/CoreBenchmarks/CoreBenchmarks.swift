import Benchmark
import Foundation
import IsomorphiqCore

/// Core figures of DESIGN.md's budget:
/// - publish → delivery through three middleware to one subscriber, in-memory store
///   (budget >= 1,000,000 events/s), with 64 concurrent publishers;
/// - the board reducer's `apply`.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 50)

    let taskCount = 1000
    let context = EventContext(userId: "bench", source: "bench")
    let factory = EventFactory()
    let tasks = (0..<taskCount).map { i in TaskItem(title: "task \(i)", createdBy: "bench", createdAt: Date()) }

    /// Publishes `events` from `publishers` concurrent tasks, `batch` events per publish call,
    /// and waits until the one subscriber has received every one.
    @Sendable func publishAndDeliver(_ benchmark: Benchmark, publishers: Int, batch: Int) async throws {
        let bus = EventBus(configuration: EventBusConfiguration(enableMetrics: true, subscriberBufferSize: 1 << 20), store: InMemoryEventStore(capacity: 100_000))
        bus.use(ValidationMiddleware())
        bus.use(MetricsMiddleware())
        bus.use(TransformMiddleware.enrichment(sessionId: "bench"))
        _ = try await bus.publish(tasks.map { factory.taskCreated($0, context: context) })
        let events = (0..<benchmark.scaledIterations.count).map { i -> Event in
            var task = tasks[i % taskCount]
            task.title = "renamed \(i)"
            return factory.taskUpdated(task, changes: ["title": FieldChange(old: .string("a"), new: .string("b"))], context: context)
        }
        let chunks = stride(from: 0, to: events.count, by: batch).map { Array(events[$0..<min($0 + batch, events.count)]) }
        let subscription = try bus.subscribe(.all, name: "bench", bufferSize: 1 << 20)
        benchmark.startMeasurement()
        async let received: Int = {
            var count = 0
            for await _ in subscription {
                count += 1
                if count == events.count { break }
            }
            return count
        }()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for p in 0..<publishers {
                group.addTask {
                    var i = p
                    while i < chunks.count {
                        try await bus.publish(chunks[i])
                        i += publishers
                    }
                }
            }
            try await group.waitForAll()
        }
        blackHole(await received)
        benchmark.stopMeasurement()
    }

    Benchmark("publish → delivery, 3 middleware, 1 subscriber, 64 publishers × 1 event", configuration: .init(scalingFactor: .kilo)) { benchmark in
        try await publishAndDeliver(benchmark, publishers: 64, batch: 1)
    }

    Benchmark("publish → delivery, 3 middleware, 1 subscriber, 8 publishers × 100-event batches", configuration: .init(scalingFactor: .kilo)) { benchmark in
        try await publishAndDeliver(benchmark, publishers: 8, batch: 100)
    }

    Benchmark("TaskBoard.apply", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var board = TaskBoard()
        let created = tasks.map { factory.taskCreated($0, context: context).sequenced(1) }
        for event in created { board.apply(event) }
        let updates = (0..<benchmark.scaledIterations.count).map { i -> Event in
            var task = tasks[i % taskCount]
            task.version = 2 + i
            return factory.taskStatusChanged(task, from: .todo, context: context).sequenced(Int64(i + 2))
        }
        benchmark.startMeasurement()
        for event in updates { board.apply(event) }
        benchmark.stopMeasurement()
        blackHole(board.count)
    }
}
