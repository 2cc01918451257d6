/// A token bucket: up to `capacity` events at once, refilled at `refillPerSecond`.
public struct TokenBucket: Sendable, Hashable {
    public let capacity: Double
    public let refillPerSecond: Double
    private var tokens: Double
    private var updatedAt: Duration

    /// - Parameter now: the time on a monotonic clock, as an offset from any fixed origin.
    public init(capacity: Int, refillPerSecond: Double, now: Duration) {
        precondition(capacity > 0 && refillPerSecond > 0, "a token bucket needs a positive capacity and rate")
        self.capacity = Double(capacity)
        self.refillPerSecond = refillPerSecond
        self.tokens = Double(capacity)
        self.updatedAt = now
    }

    /// Takes one token; when none is left, returns how long until one will be.
    public mutating func take(now: Duration) -> Duration? {
        let elapsed = now - updatedAt
        if elapsed > .zero {
            tokens = Swift.min(capacity, tokens + Self.seconds(elapsed) * refillPerSecond)
            updatedAt = now
        }
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return .milliseconds(Int64(((1 - tokens) / refillPerSecond * 1000).rounded(.up)))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
