import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqStore

/// Hidden, for `make bench` (Benchmarks/Scale/postgres.sh): creates tasks through the task service
/// and the bus, as `serve` does (group commit, and on a shared log the conditional append and
/// catch-up), with `--writers` concurrent writers, and prints one JSON line of figures.
/// Several processes on one PostgreSQL database are several instances.
struct EventsBenchAppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-append", abstract: "Measure durable appends through the bus.", shouldDisplay: false)

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "How long to write, in seconds.") var seconds: Double = 10
    @Option(help: "Concurrent writers.") var writers = 64

    func run() async throws {
        let store = try await data.openForWriting()
        let loaded = try await BoardLoader(store: store, snapshots: nil).load()
        let bus = EventBus(store: store, board: loaded.board)
        let service = TaskService(bus: bus, decider: TaskDecider(policy: PermissionPolicy(admins: ["bench"])))
        let follower = Task { await bus.followSharedStore() }
        let context = EventContext(userId: "bench", source: "bench")
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for writer in 0..<max(1, writers) {
                group.addTask {
                    var mine: [Double] = []
                    var n = 0
                    while clock.now < deadline {
                        let began = clock.now
                        _ = try await service.handle(TaskCommand(.create(NewTask(title: "w\(writer)-\(n)"))), as: context)
                        let elapsed = clock.now - began
                        mine.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                        n += 1
                    }
                    return mine
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        follower.cancel()
        let metrics = bus.metricsSnapshot()
        await store.close()
        func percentile(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        let line = String(
            format: #"{"events":%d,"seconds":%.2f,"perSecond":%.0f,"p50ms":%.2f,"p99ms":%.2f,"conflicts":%d,"followed":%d}"#,
            latencies.count, seconds, Double(latencies.count) / seconds, percentile(0.5), percentile(0.99), metrics.conflicts, metrics.followed)
        print(line)
    }
}
