import Metrics
import Synchronization

/// Counts events by type and outcome and times the rest of the pipeline. The figures are kept
/// as a value (`snapshot`) and reported to swift-metrics.
public final class MetricsMiddleware: EventMiddleware {
    public struct Snapshot: Sendable, Hashable, Codable {
        public var processed: [String: Int] = [:]
        public var refused: [String: Int] = [:]
        public var totalNanoseconds: Int64 = 0

        public var total: Int { processed.values.reduce(0, +) }
    }

    private struct Counts {
        var processed = [Int](repeating: 0, count: EventType.allCases.count)
        var refused = [Int](repeating: 0, count: EventType.allCases.count)
        var totalNanoseconds: Int64 = 0
    }

    public let name = "metrics"
    private let state = Mutex(Counts())
    private let clock = ContinuousClock()
    private let timer = Metrics.Timer(label: "isomorphiq_pipeline_duration")

    public init() {}

    public var snapshot: Snapshot {
        state.withLock { counts in
            var snapshot = Snapshot(totalNanoseconds: counts.totalNanoseconds)
            for (index, type) in EventType.allCases.enumerated() {
                if counts.processed[index] > 0 { snapshot.processed[type.rawValue] = counts.processed[index] }
                if counts.refused[index] > 0 { snapshot.refused[type.rawValue] = counts.refused[index] }
            }
            return snapshot
        }
    }

    public nonisolated(nonsending) func handle(_ event: Event, next: nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event {
        let start = clock.now
        do {
            let result = try await next(event)
            record(event.type, refused: false, since: start)
            return result
        } catch {
            record(event.type, refused: true, since: start)
            throw error
        }
    }

    private func record(_ type: EventType, refused: Bool, since start: ContinuousClock.Instant) {
        let elapsed = clock.now - start
        let nanos = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        state.withLock { counts in
            if refused { counts.refused[type.index] += 1 } else { counts.processed[type.index] += 1 }
            counts.totalNanoseconds += nanos
        }
        timer.recordNanoseconds(nanos)
    }
}
