import Foundation
@testable import IsomorphiqCore
import Synchronization
import Testing

/// "No timer outlives its publish": the middleware watchdog lives only while the writer is busy.
@Suite("Middleware watchdog lifetime")
struct WatchdogLifetimeTests {
    @Test func noWatchdogIsLeftOnceTheWriterIsIdle() async throws {
        let (service, bus, _) = Fixtures.service(middleware: [ClosureMiddleware(name: "pass") { event, next in try await next(event) }])
        for i in 0..<300 {
            _ = try await service.create("task \(i)")
            // The writer clears its watchdog when it finds the queue empty, just after resuming
            // the publisher; give it that moment, then a leaked one would still be there.
            var waited = 0
            while bus.hasWatchdog, waited < 2_000 {
                try await Task.sleep(for: .milliseconds(1))
                waited += 1
            }
            #expect(!bus.hasWatchdog, "a watchdog outlived publish \(i)")
            if bus.hasWatchdog { break }
        }
    }

    @Test func aWatchdogOfAnIdleBusEndsByItself() async throws {
        let (_, bus, _) = Fixtures.service(configuration: EventBusConfiguration(middlewareTimeout: .milliseconds(40)))
        // A watchdog for the current writer generation while nothing is being written: as if it
        // had been stored after its writer finished. It must end at its next look, not tick on.
        let watchdog = bus.makeWatchdog(generation: bus.state.withLock { $0.generation })
        let ended = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await watchdog.value; return true }
            // Generous: the suites run in parallel on two cores; this asks whether it ends, not how fast.
            group.addTask { try? await Task.sleep(for: .seconds(10)); return false }
            let first = await group.next() ?? false
            watchdog.cancel()  // ends a watchdog that would not end by itself, and with it the group
            group.cancelAll()
            return first
        }
        #expect(ended)
    }
}
