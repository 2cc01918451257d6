// Fan-out load client. Usage:
//   BenchClient PORT SERVER_PID CLIENTS RATES SECONDS
// e.g. BenchClient 40000 1234 1000 10,50,100,200 10
// Opens CLIENTS subscribed WebSocket clients, measures the server's memory per idle connection,
// then for each rate creates tasks over REST for SECONDS and reports deliveries/s, p50/p99/max
// latency (REST send → WebSocket receipt), loss, and the server's CPU per delivered message.
import Foundation
import Histogram
import Logging

let arguments = CommandLine.arguments
guard arguments.count >= 6, let port = Int(arguments[1]), let pid = Int32(arguments[2]), let clients = Int(arguments[3]),
    let seconds = Double(arguments[5])
else {
    print("usage: BenchClient PORT SERVER_PID CLIENTS RATES SECONDS")
    exit(2)
}
/// Unbuffered, so that `tee` shows each line as it is measured.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let rates = arguments[4].split(separator: ",").compactMap { Int($0) }
let token = "bench-token-0123456789"
var logger = Logger(label: "bench")
logger.logLevel = .warning
let server = ProcessStats(pid: pid)

func waitUntil(_ timeout: Double, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        if Date() > deadline { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return true
}

/// Everything runs here, off the main actor (top-level variables would be main-actor state).
nonisolated func runBench(server: ProcessStats, port: Int, clients: Int, rates: [Int], seconds: Double, token: String, logger: Logger) async {
    let baseline = server.residentBytes
    let subscribers = (0..<clients).map { _ in Subscriber() }
    for subscriber in subscribers {
        Task { await subscriber.run(port: port, token: token, logger: logger) }
    }
    let connected = await waitUntil(60) { subscribers.allSatisfy(\.welcomed) }
    try? await Task.sleep(for: .seconds(1))
    let idle = server.residentBytes
    say(String(format: "clients=%d connected=%@ server_rss_before=%.1fMiB after=%.1fMiB per_idle_connection=%.1fKiB",
                 clients, connected ? "yes" : "NO", Double(baseline) / 1_048_576, Double(idle) / 1_048_576, Double(idle - baseline) / Double(max(1, clients)) / 1024))
    if clients == 1000 {
        let perConnection = Double(idle - baseline) / Double(clients) / 1024
        say(String(format: "BUDGET | memory per idle WebSocket connection (1,000 clients, server RSS growth) | < 32 KiB | %.1f KiB | %@", perConnection, perConnection < 32 ? "yes" : "no"))
    }

    // STUCK=n: n more clients upgrade and then never read (slow-consumer check: the others' latency must hold).
    let stuck = (0..<(Int(ProcessInfo.processInfo.environment["STUCK"] ?? "0") ?? 0)).map { _ in StuckClient(port: port, token: token) }
    if !stuck.isEmpty { say("stuck clients: \(stuck.count) (upgraded, never reading)") }
    let publisher = Publisher(port: port, token: token)
    for rate in rates {
        for subscriber in subscribers { subscriber.reset() }
        let cpuBefore = server.cpuSeconds
        let wallStart = Date()
        let posted = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: publisher.run(rate: rate, seconds: seconds)) }
        }
        let expected = posted * clients
        _ = await waitUntil(5) { subscribers.reduce(0) { $0 + $1.received } >= expected }
        let wall = Date().timeIntervalSince(wallStart)
        let cpu = server.cpuSeconds - cpuBefore
        let received = subscribers.reduce(0) { $0 + $1.received }
        var latency = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .two)
        for subscriber in subscribers { latency.add(subscriber.latency()) }
        say(String(
            format: "clients=%d rate=%d/s posted=%d delivered=%d lost=%d deliveries_per_s=%.0f p50=%.2fms p99=%.2fms max=%.2fms server_cpu=%.2fs cpu_per_delivery=%.2fus server_cpu_util=%.0f%%",
            clients, rate, posted, received, max(0, expected - received), Double(received) / wall,
            Double(latency.valueAtPercentile(50)) / 1000, Double(latency.valueAtPercentile(99)) / 1000, Double(latency.max) / 1000,
            cpu, received > 0 ? cpu / Double(received) * 1e6 : 0, cpu / wall * 100))
        if clients == 1000 && rate == 100 {
            let p99 = Double(latency.valueAtPercentile(99)) / 1000
            let perDelivery = received > 0 ? cpu / Double(received) * 1e6 : 0
            let lost = max(0, expected - received)
            say(String(format: "BUDGET | WebSocket fan-out, 1,000 clients × 100 events/s: p99 and loss | p99 < 10 ms, no loss | p99 %.1f ms, %d lost | %@", p99, lost, p99 < 10 && lost == 0 ? "yes" : "no"))
            say(String(format: "BUDGET | WebSocket fan-out, 1,000 clients × 100 events/s: server CPU per delivered message | < 2.5 µs | %.2f µs | %@", perDelivery, perDelivery < 2.5 ? "yes" : "no"))
        }
    }
    withExtendedLifetime(stuck) {}
}

await runBench(server: server, port: port, clients: clients, rates: rates, seconds: seconds, token: token, logger: logger)
exit(0)
