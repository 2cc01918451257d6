import IsomorphiqStore
import Synchronization
import Testing

@testable import IsomorphiqPostgres

/// The deadline every PostgreSQL call runs under: an answer comes at the deadline even when the
/// operation ignores cancellation, as a query on a silent connection does.
@Suite("PostgreSQL: deadlines", .timeLimit(.minutes(1)))
struct DeadlineTests {
    /// A wait that cancellation does not end: only `open()` does.
    final class Gate: Sendable {
        private let waiter = Mutex<CheckedContinuation<Void, Never>?>(nil)
        func wait() async { await withCheckedContinuation { continuation in waiter.withLock { $0 = continuation } } }
        func open() { waiter.withLock { $0?.resume(); $0 = nil } }
    }

    @Test("an operation that never ends, cancelled or not, is answered 'unavailable' at the deadline")
    func stuckOperation() async throws {
        let gate = Gate()
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try await withDeadline(.milliseconds(200), "append") { () async throws -> Int in
                await gate.wait()
                return 1
            }
            Issue.record("a stuck operation returned")
        } catch let error as StoreError {
            #expect(error.code == .unavailable)
            #expect(error.description.contains("no answer from PostgreSQL"))
        }
        #expect(clock.now - start < .seconds(5))
        gate.open()
    }

    @Test("an operation that ends in time gives its value or its error")
    func inTime() async throws {
        #expect(try await withDeadline(.seconds(5), "query") { 42 } == 42)
        struct Broken: Error {}
        await #expect(throws: Broken.self) { _ = try await withDeadline(.seconds(5), "query") { () async throws -> Int in throw Broken() } }
    }

    @Test("a caller cancelled while waiting is answered at once")
    func callerCancelled() async throws {
        let gate = Gate()
        let waiting = Task {
            try await withDeadline(.seconds(60), "read") { () async throws -> Int in
                await gate.wait()
                return 1
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiting.value }
        gate.open()
    }
}
