import Foundation
import IsomorphiqCore
import IsomorphiqStore

// Durable append throughput and p99 commit latency (1, 8, 64 writers), replay rate, and start-up
// time with and without a snapshot. Prints one line per figure.
//
// Usage: StoreBench [events] [live-tasks]   (defaults 1,000,000 and 10,000)
// Environment: STOREBENCH_REPLAY_ONLY=1 skips the append benchmarks (for scale curves);
// STOREBENCH_DIR=PATH writes the large log into PATH (a data directory `serve --data-dir` can
// open) and keeps it; with STOREBENCH_LOAD_ONLY=1 as well, it only starts up from that existing
// log (snapshot + tail) and prints the time and this process's RSS, nothing else.

let totalEvents = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000
let liveTasks = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? 10_000
let environment = ProcessInfo.processInfo.environment
let keptDirectory = environment["STOREBENCH_DIR"].map { URL(fileURLWithPath: $0) }
let root = FileManager.default.temporaryDirectory.appendingPathComponent("storebench-\(getpid())")
defer { try? FileManager.default.removeItem(at: root) }

/// This process's resident set (VmRSS) and peak (VmHWM), in MiB.
func residentMiB() -> (rss: Double, peak: Double) {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Double {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
        return (Double(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0) / 1024
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func appendBenchmark(writers: Int, eventsPerWriter: Int) async throws {
    let directory = DataDirectory(url: root.appendingPathComponent("append-\(writers)"))
    let store = try SQLiteEventStore.open(in: directory)
    let batches = (0..<writers).map { writer in
        var generator = SyntheticEvents(seed: UInt64(writer + 1), liveTasks: 100)
        return generator.next(eventsPerWriter)
    }
    let clock = ContinuousClock()
    let start = clock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for events in batches {
            group.addTask {
                var samples: [Double] = []
                samples.reserveCapacity(events.count)
                for event in events {
                    let begin = clock.now
                    _ = try await store.append([event])
                    samples.append(seconds(clock.now - begin) * 1000)
                }
                return samples
            }
        }
        return try await group.reduce(into: [Double]()) { $0 += $1 }
    }.sorted()
    let elapsed = seconds(clock.now - start)
    let total = writers * eventsPerWriter
    print(String(format: "append writers=%d events=%d: %.0f events/s, commit p50 %.3f ms, p99 %.3f ms, max %.3f ms",
                 writers, total, Double(total) / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.last ?? 0))
    await store.close()
}

if environment["STOREBENCH_LOAD_ONLY"] != nil, let keptDirectory {
    let before = residentMiB()
    let clock = ContinuousClock()
    let start = clock.now
    let store = try SQLiteEventStore.open(in: DataDirectory(url: keptDirectory))
    let loaded = try await BoardLoader(store: store, snapshots: store.snapshots).load()
    let elapsed = seconds(clock.now - start)
    let after = residentMiB()
    print(String(format: "load only: start-up with snapshot %.3f s (%d tasks, %d events replayed); RSS %.1f MiB before, %.1f MiB after (peak %.1f MiB)",
                 elapsed, loaded.board.count, loaded.replay.events, before.rss, after.rss, after.peak))
    await store.close()
    exit(0)
}

if environment["STOREBENCH_REPLAY_ONLY"] == nil {
    try await appendBenchmark(writers: 1, eventsPerWriter: 3_000)
    try await appendBenchmark(writers: 8, eventsPerWriter: 3_000)
    try await appendBenchmark(writers: 64, eventsPerWriter: 1_500)
}

// A large log for replay and start-up.
let directory = DataDirectory(url: keptDirectory ?? root.appendingPathComponent("large"))
do {
    let store = try SQLiteEventStore.open(in: directory)
    var generator = SyntheticEvents(seed: 99, liveTasks: liveTasks)
    let clock = ContinuousClock()
    let start = clock.now
    var written = 0
    var board = TaskBoard()
    while written < totalEvents {
        let batch = try await store.append(generator.next(min(10_000, totalEvents - written)))
        for event in batch { board.apply(event) }
        written += batch.count
    }
    print(String(format: "bulk append %d events in batches of 10,000: %.0f events/s", written, Double(written) / seconds(clock.now - start)))
    let snapshotStart = clock.now
    try await store.snapshots.save(board, createdAt: Date())
    print(String(format: "snapshot of %d tasks written in %.3f s", board.count, seconds(clock.now - snapshotStart)))
    // A tail after the snapshot, as start-up would find it.
    _ = try await store.append(generator.next(500))
    await store.close()
}

do {
    let store = try SQLiteEventStore.open(in: directory)
    let (board, replay) = try await ReplayService(store: store).fold()
    print(String(format: "replay %d events into the board (%d tasks): %.0f events/s, %.3f s", replay.events, board.count, replay.rate, seconds(replay.elapsed)))
    await store.close()
}

for useSnapshot in [true, false] {
    let clock = ContinuousClock()
    let start = clock.now
    let store = try SQLiteEventStore.open(in: directory)
    let loaded = try await BoardLoader(store: store, snapshots: useSnapshot ? store.snapshots : nil).load()
    let elapsed = seconds(clock.now - start)
    let memory = residentMiB()
    print(String(format: "start-up %@ snapshot: %.3f s (open + load; %d tasks, %d events replayed); process RSS %.1f MiB (peak %.1f MiB, this process since its start)",
                 useSnapshot ? "with" : "without", elapsed, loaded.board.count, loaded.replay.events, memory.rss, memory.peak))
    await store.close()
}
