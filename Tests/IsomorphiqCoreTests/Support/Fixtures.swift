import Foundation
import IsomorphiqCore
import Synchronization

/// Shared helpers for the core tests: a pinned clock and id source, actors, and a wired bus.
enum Fixtures {
    static let epoch = Date(timeIntervalSince1970: 1_796_000_000)

    /// A factory whose clock starts at `epoch` and moves one second per event, with ids counting up.
    static func factory() -> EventFactory {
        let counter = Mutex(0)
        return EventFactory(
            now: { epoch.addingTimeInterval(Double(counter.withLock { $0 })) },
            makeID: {
                let n = counter.withLock { value -> Int in
                    value += 1
                    return value
                }
                return UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
            })
    }

    static func uuid(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
    }

    static let alice = EventContext(userId: "alice", sessionId: "s1", source: "test")
    static let bob = EventContext(userId: "bob", source: "test")
    static let carol = EventContext(userId: "carol", source: "test")
    static let root = EventContext(userId: "root", source: "test")

    /// A bus over an in-memory store, with a service whose admins are `root`.
    static func service(
        middleware: [any EventMiddleware] = [], configuration: EventBusConfiguration = .init(), store: (any EventStore)? = nil
    ) -> (TaskService, EventBus, any EventStore) {
        let store = store ?? InMemoryEventStore(capacity: 100_000)
        let bus = EventBus(configuration: configuration, store: store)
        for m in middleware { bus.use(m) }
        let service = TaskService(bus: bus, decider: TaskDecider(factory: factory(), policy: PermissionPolicy(admins: ["root"])))
        return (service, bus, store)
    }
}

extension TaskService {
    /// Creates a task as `context` and returns it.
    func create(_ title: String, as context: EventContext = Fixtures.alice, _ configure: (inout NewTask) -> Void = { _ in }) async throws -> TaskItem {
        var new = NewTask(title: title)
        configure(&new)
        let event = try await handle(TaskCommand(.create(new)), as: context)
        return event!.payload.task!
    }
}

/// Collects what a subscription delivers, up to `count` events.
func collect(_ subscription: EventSubscription, count: Int) async -> [Event] {
    var events: [Event] = []
    for await event in subscription {
        events.append(event)
        if events.count == count { break }
    }
    return events
}

/// A store that fails every append while `failing` is set.
final class FailingStore: EventStore {
    let inner = InMemoryEventStore()
    let failing = Mutex(false)
    /// While set, appends wait (outside any middleware, so no timeout applies); `waiting` counts them.
    let holding = Mutex(false)
    let waiting = Mutex(0)
    struct DiskFull: Error, CustomStringConvertible { var description: String { "disk full" } }

    func append(_ events: [Event]) async throws -> [Event] {
        if holding.withLock({ $0 }) {
            waiting.withLock { $0 += 1 }
            while holding.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }
            waiting.withLock { $0 -= 1 }
        }
        if failing.withLock({ $0 }) { throw DiskFull() }
        return try await inner.append(events)
    }
    func read(_ query: EventQuery) async throws -> [Event] { try await inner.read(query) }
    func lastSeq() async throws -> Int64 { try await inner.lastSeq() }
    func firstSeq() async throws -> Int64 { try await inner.firstSeq() }
    func statistics() async throws -> EventStoreStatistics { try await inner.statistics() }
    func appendNotifications() -> AsyncStream<Int64> { inner.appendNotifications() }
}

/// A clock that only moves when told to.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Instant(offset: .zero))
    var now: Instant { current.withLock { $0 } }
    var minimumResolution: Duration { .nanoseconds(1) }

    func advance(by duration: Duration) { current.withLock { $0.offset += duration } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        struct NotSupported: Error {}
        throw NotSupported()
    }
}
