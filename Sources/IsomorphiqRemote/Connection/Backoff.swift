/// Exponential backoff with jitter: attempt `n` waits `base · 2^(n-1)`, capped at `cap`, scaled
/// by a jitter factor in `[1 - jitter, 1]` so that clients cut off together do not return together.
public struct Backoff: Sendable, Hashable {
    public var base: Duration
    public var cap: Duration
    /// The share of the delay that is random, 0...1.
    public var jitter: Double

    public init(base: Duration = .milliseconds(250), cap: Duration = .seconds(3), jitter: Double = 0.5) {
        self.base = base
        self.cap = cap
        self.jitter = min(1, max(0, jitter))
    }

    /// The delay before attempt `attempt` (1 for the first retry); `random` in `[0, 1)`.
    public func delay(attempt: Int, random: Double) -> Duration {
        let exponent = Double(min(max(attempt, 1) - 1, 30))
        let raw = min(seconds(base) * Double(1 << Int(exponent)), seconds(cap))
        let scaled = raw * (1 - jitter * min(1, max(0, random)))
        return .milliseconds(Int64((scaled * 1000).rounded()))
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
