import BusLoad
import IsomorphiqCore
import Foundation

// A plain driver of the bus workload (BusLoad) for profilers (perf, callgrind) and a second
// opinion on the ordo-one figures.
// Usage: BusThroughput [events] [publishers] [batch]; MW=vmt picks the middleware (validation,
// metrics, transform; MW= for none) to cost each stage apart. Prints process CPU per event too.
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let total = arguments.count > 0 ? arguments[0] : 200_000
let publishers = arguments.count > 1 ? arguments[1] : 8
let batch = arguments.count > 2 ? arguments[2] : 100
let chosen = ProcessInfo.processInfo.environment["MW"] ?? "vmt"
var middleware: BusLoad.Middleware = []
if chosen.contains("v") { middleware.insert(.validation) }
if chosen.contains("m") { middleware.insert(.metrics) }
if chosen.contains("t") { middleware.insert(.transform) }

func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let load = try await BusLoad.make(events: total, batch: batch, middleware: middleware)
let clock = ContinuousClock()
let cpuStart = processCPUSeconds()
let start = clock.now
let count = try await load.run(publishers: publishers)
let elapsed = clock.now - start
let cpuMicrosPerEvent = (processCPUSeconds() - cpuStart) * 1e6 / Double(total)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let metrics = load.bus.metricsSnapshot()
let rate = Double(count) / seconds
let label = batch == 1 ? "\(publishers) publishers × 1 event" : "\(publishers) publishers × \(batch)-event batches"
print("BUDGET | bus publish → delivery, 3 middleware, 1 subscriber, in-memory store of 10,000 (\(label)) | ≥ 1,000,000 events/s | \(Int(rate)) events/s, delivery p99 \(metrics.latencyP99Microseconds) µs | \(rate >= 1_000_000 ? "yes" : "no")")
print("events=\(count) publishers=\(publishers) batch=\(batch) seconds=\(String(format: "%.3f", seconds)) rate=\(Int(rate))/s p50=\(metrics.latencyP50Microseconds)µs p99=\(metrics.latencyP99Microseconds)µs cpu=\(String(format: "%.2f", cpuMicrosPerEvent))µs/event")
