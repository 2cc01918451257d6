import Dispatch
import Synchronization

/// Group commit: requests that arrive while a commit is running wait and then share the next one.
///
/// `submit` never blocks a cooperative thread. The first request to find the committer idle
/// starts a drain on a private serial queue. Each round of the drain is one transaction: `commit`
/// takes requests from a `Gathering` and writes each as it comes; the drain then resumes every
/// caller taken with its own result, and starts another round while requests wait. So at most
/// one commit runs at a time, and a caller resumes only after the transaction holding its request
/// has been committed (or has failed).
///
/// Gathering while writing: the callers a round resumes come straight back with their next
/// request, but one by one. So a round keeps taking requests until it holds as many as the
/// previous round did, writing the early ones while the late ones are still on their way; it
/// stops early when none has arrived for `gatherLimit`. A round after a single-request round
/// takes only what already waits, so a lone caller never waits (after a busy spell, at most once
/// for `gatherLimit`). Batches stay large under steady concurrent load, which shares a commit's
/// fixed cost (fsync, index pages) among its requests, and the time spent waiting for them is
/// spent writing. After a busy round the drain also waits (at most `gatherLimit`) for the first
/// caller to come back rather than ending, which would cost a thread hand-off per round.
///
/// `commit` must return exactly one result per request the round holds (`Gathering.count`), in
/// order: one for each request `next()` handed it, and when it fails before it has asked for them
/// all (a transaction that cannot begin), a failure for the rest too. It runs on the private queue
/// and may block (it does synchronous SQLite work).
final class GroupCommitter<Request: Sendable, Response: Sendable>: Sendable {
    typealias Commit = @Sendable (Gathering) -> [Result<Response, any Error>]

    fileprivate struct Waiting {
        var request: Request
        var continuation: CheckedContinuation<Response, any Error>
    }

    fileprivate struct State {
        var waiting: [Waiting] = []
        var draining = false
        /// The drain sleeps on `arrived` until the next request comes.
        var sleeping = false
        /// How many requests the last round took: the next round's target. Kept when the drain
        /// ends, so that under steady load a round that finds its callers all still on their way
        /// back does not start with one request alone.
        var previous = 0
    }

    fileprivate let state = Mutex(State())
    fileprivate let arrived = DispatchSemaphore(value: 0)
    fileprivate let gatherLimit: DispatchTimeInterval
    private let queue: DispatchQueue
    private let commit: Commit

    init(label: String, gatherLimit: DispatchTimeInterval = .microseconds(200), commit: @escaping Commit) {
        self.queue = DispatchQueue(label: label)
        self.gatherLimit = gatherLimit
        self.commit = commit
    }

    /// Queues `request` and returns its response once the transaction holding it is committed.
    func submit(_ request: Request) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let (start, wake) = state.withLock { state -> (Bool, Bool) in
                state.waiting.append(Waiting(request: request, continuation: continuation))
                let wake = state.sleeping
                state.sleeping = false
                if state.draining { return (false, wake) }
                state.draining = true
                return (true, wake)
            }
            if wake { arrived.signal() }
            if start { queue.async { self.drain() } }
        }
    }

    /// How many requests wait for a round.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    private func drain() {
        var linger = true
        while true {
            let (waiting, previous) = state.withLock { state in
                let batch = state.waiting
                state.waiting.removeAll(keepingCapacity: true)
                if batch.isEmpty && !(linger && state.previous > 1) { state.draining = false }
                return (batch, state.previous)
            }
            var first = waiting
            if first.isEmpty {
                // After a busy round its callers are on their way back: wait here for the first of
                // them (at most `gatherLimit`) rather than end the drain and have its submit start
                // another, which costs a thread hand-off per round.
                guard linger && previous > 1 else { return }
                linger = false
                guard let more = waitForMore() else { continue }
                first = more
            }
            linger = true
            let gathering = Gathering(committer: self, first: first, target: previous > 1 ? previous : 0)
            let results = commit(gathering)
            let taken = gathering.taken
            precondition(results.count == taken.count, "commit must answer every request of its round")
            for (waiting, result) in zip(taken, results) {
                waiting.continuation.resume(with: result)
            }
            state.withLock { $0.previous = taken.count }
        }
    }

    /// The requests of one round, handed to `commit` as they arrive. Used only on the drain's queue.
    final class Gathering {
        private let committer: GroupCommitter
        private let target: Int
        /// Every request the round holds, the handed ones first.
        fileprivate private(set) var taken: [Waiting]
        private var handed = 0

        fileprivate init(committer: GroupCommitter, first: [Waiting], target: Int) {
            self.committer = committer
            self.taken = first
            self.target = target
        }

        /// How many requests the round holds, handed to `commit` or not: the number of results it must return.
        var count: Int { taken.count }

        /// The next requests to write, or `nil` when the round is complete. Blocks (at most
        /// `gatherLimit` at a time) while the round is short of its target and nothing waits.
        func next() -> [Request]? {
            if handed == taken.count {
                guard taken.count < target, let more = committer.waitForMore() else { return nil }
                taken += more
            }
            defer { handed = taken.count }
            return taken[handed...].map(\.request)
        }
    }

    /// Takes the waiting requests, sleeping until one arrives if none does; `nil` after `gatherLimit` without one.
    fileprivate func waitForMore() -> [Waiting]? {
        while true {
            let more = state.withLock { state -> [Waiting]? in
                guard !state.waiting.isEmpty else {
                    state.sleeping = true
                    return nil
                }
                let more = state.waiting
                state.waiting.removeAll(keepingCapacity: true)
                return more
            }
            if let more { return more }
            if arrived.wait(timeout: .now() + gatherLimit) == .timedOut {
                let signalled = state.withLock { state in
                    defer { state.sleeping = false }
                    return !state.sleeping
                }
                // A submit that raced the timeout has signalled: consume it, or the next wait ends at once.
                if signalled { arrived.wait() }
                return nil
            }
        }
    }
}
