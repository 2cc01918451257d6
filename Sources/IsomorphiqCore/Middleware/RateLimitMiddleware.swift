import Synchronization

/// Refuses events past a rate, with a token bucket per event type and one per source. A refusal
/// says when to retry. The clock is injected so that tests step time instead of sleeping.
public final class RateLimitMiddleware<C: Clock>: EventMiddleware where C.Duration == Duration {
    public struct Limit: Sendable, Hashable {
        public var burst: Int
        public var perSecond: Double

        public init(burst: Int, perSecond: Double) {
            self.burst = burst
            self.perSecond = perSecond
        }
    }

    public let name = "rate-limit"
    public let perType: Limit?
    public let perSource: Limit?
    private let clock: C
    private let origin: C.Instant
    private let buckets = Mutex<[String: TokenBucket]>([:])

    public init(perType: Limit? = nil, perSource: Limit? = nil, clock: C) {
        self.perType = perType
        self.perSource = perSource
        self.clock = clock
        self.origin = clock.now
    }

    public nonisolated(nonsending) func handle(_ event: Event, next: nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event {
        let now = origin.duration(to: clock.now)
        let wait: Duration? = buckets.withLock { buckets in
            var keys: [(String, Limit)] = []
            if let perType { keys.append(("type:\(event.type.rawValue)", perType)) }
            if let perSource { keys.append(("source:\(event.metadata.source)", perSource)) }
            for (key, limit) in keys {
                var bucket = buckets[key] ?? TokenBucket(capacity: limit.burst, refillPerSecond: limit.perSecond, now: now)
                let wait = bucket.take(now: now)
                buckets[key] = bucket
                if let wait { return wait }
            }
            return nil
        }
        if let wait {
            throw EventRejection(middleware: name, reason: "too many \(event.type.rawValue) events; retry in \(wait)", retryAfter: wait)
        }
        return try await next(event)
    }
}

extension RateLimitMiddleware where C == ContinuousClock {
    public convenience init(perType: Limit? = nil, perSource: Limit? = nil) {
        self.init(perType: perType, perSource: perSource, clock: ContinuousClock())
    }
}
