public import IsomorphiqCore
import Foundation

/// The bus workload both bus benchmarks run (ordo-one's `CoreBenchmarks` and the plain
/// `BusThroughput` driver for profilers): 1,000 tasks created, then `title` updates of them
/// published from concurrent publishers in fixed-size batches, through the middleware of DESIGN.md
/// (validation, metrics, enrichment), to one subscriber, over the in-memory store with its default
/// bound (10,000 events; older ones are dropped, so every event is also freed during the run).
public struct BusLoad: Sendable {
    /// Which of the three middleware to install, in pipeline order.
    public struct Middleware: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let validation = Middleware(rawValue: 1)
        public static let metrics = Middleware(rawValue: 2)
        public static let transform = Middleware(rawValue: 4)
        public static let all: Middleware = [.validation, .metrics, .transform]
    }

    public let bus: EventBus
    /// The publishes, each one batch, in the order they are handed out.
    public let chunks: [[Event]]
    public let subscription: EventSubscription
    public var eventCount: Int { chunks.reduce(0) { $0 + $1.count } }

    /// Builds the bus, seeds its tasks and prepares `events` updates in batches of `batch`.
    public static func make(events: Int, batch: Int, middleware: Middleware = .all) async throws -> BusLoad {
        let context = EventContext(userId: "bench", source: "bench")
        let factory = EventFactory()
        let tasks = (0..<1000).map { i in TaskItem(title: "task \(i)", createdBy: "bench", createdAt: Date()) }
        let bus = EventBus(configuration: EventBusConfiguration(subscriberBufferSize: 1 << 21), store: InMemoryEventStore())
        if middleware.contains(.validation) { bus.use(ValidationMiddleware()) }
        if middleware.contains(.metrics) { bus.use(MetricsMiddleware()) }
        if middleware.contains(.transform) { bus.use(TransformMiddleware.enrichment(sessionId: "bench")) }
        _ = try await bus.publish(tasks.map { factory.taskCreated($0, context: context) })
        let updates = (0..<events).map { i -> Event in
            var task = tasks[i % tasks.count]
            task.title = "renamed \(i)"
            return factory.taskUpdated(task, changes: ["title": FieldChange(old: .string("a"), new: .string("b"))], context: context)
        }
        let chunks = stride(from: 0, to: updates.count, by: batch).map { Array(updates[$0..<min($0 + batch, updates.count)]) }
        let subscription = try bus.subscribe(.all, name: "bench", bufferSize: 1 << 21)
        return BusLoad(bus: bus, chunks: chunks, subscription: subscription)
    }

    /// Publishes every chunk from `publishers` concurrent tasks and returns once the subscriber
    /// has received every event; returns how many it received.
    public func run(publishers: Int) async throws -> Int {
        let total = eventCount
        let subscription = self.subscription
        async let received: Int = {
            var count = 0
            for await _ in subscription {
                count += 1
                if count == total { break }
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
        return await received
    }
}
