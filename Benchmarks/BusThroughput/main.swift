import Foundation
import IsomorphiqCore

// A plain driver of the bus pipeline for profilers (perf, callgrind) and a second opinion on
// the ordo-one figures: publishes N events through three middleware to one subscriber.
// Usage: BusThroughput [events] [publishers] [batch]; MW=vmt picks the middleware (validation,
// metrics, transform; MW= for none) to cost each stage apart. Prints process CPU per event too.
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let total = arguments.count > 0 ? arguments[0] : 200_000
let publishers = arguments.count > 1 ? arguments[1] : 8
let batch = arguments.count > 2 ? arguments[2] : 100

let context = EventContext(userId: "bench", source: "bench")
let factory = EventFactory()
let tasks = (0..<1000).map { i in TaskItem(title: "task \(i)", createdBy: "bench", createdAt: Date()) }
let bus = EventBus(configuration: EventBusConfiguration(subscriberBufferSize: 1 << 21), store: InMemoryEventStore(capacity: 100_000))
let mw = ProcessInfo.processInfo.environment["MW"] ?? "vmt"
if mw.contains("v") { bus.use(ValidationMiddleware()) }
if mw.contains("m") { bus.use(MetricsMiddleware()) }
if mw.contains("t") { bus.use(TransformMiddleware.enrichment(sessionId: "bench")) }
_ = try await bus.publish(tasks.map { factory.taskCreated($0, context: context) })
let events = (0..<total).map { i -> Event in
    var task = tasks[i % tasks.count]
    task.title = "renamed \(i)"
    return factory.taskUpdated(task, changes: ["title": FieldChange(old: .string("a"), new: .string("b"))], context: context)
}
let chunks = stride(from: 0, to: events.count, by: batch).map { Array(events[$0..<min($0 + batch, events.count)]) }
let subscription = try bus.subscribe(.all, name: "bench", bufferSize: 1 << 21)
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
let clock = ContinuousClock()
let cpuStart = processCPUSeconds()
let start = clock.now
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
let count = await received
let elapsed = clock.now - start
let cpuMicrosPerEvent = (processCPUSeconds() - cpuStart) * 1e6 / Double(total)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let metrics = bus.metricsSnapshot()
let rate = Double(count) / seconds
let label = batch == 1 ? "\(publishers) publishers × 1 event" : "\(publishers) publishers × \(batch)-event batches"
print("BUDGET | bus publish → delivery, 3 middleware, 1 subscriber, in-memory store (\(label)) | ≥ 1,000,000 events/s | \(Int(rate)) events/s, delivery p99 \(metrics.latencyP99Microseconds) µs | \(rate >= 1_000_000 ? "yes" : "no")")
print("events=\(count) publishers=\(publishers) batch=\(batch) seconds=\(String(format: "%.3f", seconds)) rate=\(Int(Double(count) / seconds))/s p50=\(metrics.latencyP50Microseconds)µs p99=\(metrics.latencyP99Microseconds)µs cpu=\(String(format: "%.2f", cpuMicrosPerEvent))µs/event")
