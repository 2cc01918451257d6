import IsomorphiqCore
import Synchronization

/// A `SharedEventStore` in memory with the PostgreSQL store's append rule, where a test plays the
/// other instance: `beforeNextAppend` events are appended by "someone else" just before the
/// bus's next append, so the bus always finds the head moved.
final class InterleavingSharedStore: SharedEventStore {
    let log = InMemoryEventStore(capacity: 100_000)
    private let foreign = Mutex<[[Event]]>([])
    /// Every conditional append the bus made: the head it gave and the keys it read.
    let calls = Mutex<[(head: Int64, reads: Set<BoardKey>?)]>([])

    /// Queues events another writer appends just before one of the bus's appends (one group per append).
    func beforeNextAppend(_ events: [Event]) {
        foreign.withLock { $0.append(events) }
    }

    func append(_ events: [Event], after head: Int64, unlessChanged reads: Set<BoardKey>?) async throws -> SharedAppend {
        calls.withLock { $0.append((head, reads)) }
        if !events.isEmpty, let interleaved = foreign.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
            log.appendNow(interleaved)
        }
        let last = try await log.lastSeq()
        let missed = try await log.read(EventQuery(afterSeq: head))
        if last != head {
            let changed = Set(missed.flatMap(\.boardKeys))
            guard let reads, changed.isDisjoint(with: reads) else { throw EventStoreHeadMoved(lastSeq: last) }
        }
        return SharedAppend(missed: missed, stored: log.appendNow(events))
    }

    func append(_ events: [Event]) async throws -> [Event] { log.appendNow(events) }
    func read(_ query: EventQuery) async throws -> [Event] { try await log.read(query) }
    func lastSeq() async throws -> Int64 { try await log.lastSeq() }
    func firstSeq() async throws -> Int64 { try await log.firstSeq() }
    func statistics() async throws -> EventStoreStatistics { try await log.statistics() }
    func appendNotifications() -> AsyncStream<Int64> { log.appendNotifications() }
}
