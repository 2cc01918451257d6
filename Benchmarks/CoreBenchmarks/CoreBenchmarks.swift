import Benchmark
import BusLoad
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

    /// The shared bus workload (BusLoad), timed from the first publish to the last delivery.
    @Sendable func publishAndDeliver(_ benchmark: Benchmark, publishers: Int, batch: Int) async throws {
        let load = try await BusLoad.make(events: benchmark.scaledIterations.count, batch: batch)
        benchmark.startMeasurement()
        blackHole(try await load.run(publishers: publishers))
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
