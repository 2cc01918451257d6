import DequeModule

/// Counts bad messages in a sliding window: more than `limit` within `window` exhausts it.
/// Pure: the caller passes the time, so tests need no clock.
struct BadInputBudget: Sendable {
    let limit: Int
    let window: Duration
    private var times: Deque<ContinuousClock.Instant> = []

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Records one bad message at `now`. Returns `false` when that makes more than `limit` in the window.
    mutating func record(at now: ContinuousClock.Instant) -> Bool {
        while let first = times.first, now - first >= window { times.removeFirst() }
        times.append(now)
        return times.count <= limit
    }
}
