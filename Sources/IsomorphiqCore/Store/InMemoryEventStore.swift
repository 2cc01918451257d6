import DequeModule
import Synchronization

/// A bounded event log in memory: for tests, development and `--store memory`.
///
/// Holds at most `capacity` events (default 10,000). Past it the oldest are dropped and counted,
/// so `firstSeq` moves on and a reader that asks for older events learns it from `firstSeq`.
/// Thread-safe; every method is cheap and never suspends.
public final class InMemoryEventStore: EventStore {
    private struct State {
        var events: Deque<Event> = []
        var lastSeq: Int64 = 0
        var dropped = 0
        var countsByType = [Int](repeating: 0, count: EventType.allCases.count)
        var listeners: [Int: AsyncStream<Int64>.Continuation] = [:]
        var nextListener = 0
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 10_000) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
    }

    public func append(_ events: [Event]) async throws -> [Event] {
        appendNow(events)
    }

    /// `append` without suspension, for callers that are not async.
    @discardableResult
    public func appendNow(_ events: [Event]) -> [Event] {
        guard !events.isEmpty else { return [] }
        let (stored, listeners, last) = state.withLock { state in
            var stored: [Event] = []
            stored.reserveCapacity(events.count)
            for event in events {
                state.lastSeq += 1
                let sequenced = event.sequenced(state.lastSeq)
                stored.append(sequenced)
                state.events.append(sequenced)
                state.countsByType[event.type.index] += 1
            }
            let excess = state.events.count - capacity
            if excess > 0 {
                state.events.removeFirst(excess)
                state.dropped += excess
            }
            return (stored, Array(state.listeners.values), state.lastSeq)
        }
        for listener in listeners { listener.yield(last) }
        return stored
    }

    public func read(_ query: EventQuery) async throws -> [Event] {
        state.withLock { state in
            var result: [Event] = []
            let start: Int
            if let after = query.afterSeq, let first = state.events.first?.seq {
                start = max(0, min(state.events.count, Int(after - first + 1)))
            } else {
                start = 0
            }
            for event in state.events[start...] where query.matches(event) {
                result.append(event)
                if let limit = query.limit, result.count >= limit { break }
            }
            return result
        }
    }

    public func lastSeq() async throws -> Int64 {
        state.withLock { $0.lastSeq }
    }

    public func firstSeq() async throws -> Int64 {
        state.withLock { $0.events.first?.seq ?? ($0.lastSeq == 0 ? 0 : $0.lastSeq + 1) }
    }

    public func statistics() async throws -> EventStoreStatistics {
        state.withLock { state in
            EventStoreStatistics(
                eventCount: state.events.count,
                firstSeq: state.events.first?.seq ?? 0,
                lastSeq: state.lastSeq,
                dropped: state.dropped,
                countsByType: Dictionary(
                    uniqueKeysWithValues: EventType.allCases.enumerated().compactMap { index, type in
                        state.countsByType[index] > 0 ? (type.rawValue, state.countsByType[index]) : nil
                    }))
        }
    }

    public func appendNotifications() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int64.self, bufferingPolicy: .bufferingNewest(1))
        let key = state.withLock { state in
            let key = state.nextListener
            state.nextListener += 1
            state.listeners[key] = continuation
            return key
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.listeners.removeValue(forKey: key) }
        }
        return stream
    }
}
