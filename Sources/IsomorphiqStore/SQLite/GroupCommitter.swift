import Dispatch
import Synchronization

/// Group commit: requests that arrive while a commit is running wait and then share the next one.
///
/// `submit` never blocks a cooperative thread. The first request to find the committer idle
/// starts a drain on a private serial queue; the drain takes every waiting request, hands them
/// to `commit` as one batch (one transaction), resumes each caller with its own result, and
/// repeats until nothing waits. So at most one commit runs at a time, and a caller resumes only
/// after the batch holding its request has been committed (or has failed).
///
/// Gathering: the callers a commit resumes usually come straight back with their next request,
/// but one by one. So before the next commit the drain waits until as many requests wait as the
/// previous batch held, or at most `gatherLimit`, whichever comes first (never when the previous
/// batch was a single request). Batches stay large under steady concurrent load, which is what
/// makes a commit's fixed cost (fsync, index pages) shared; a lone caller never waits.
///
/// `commit` must return exactly one result per request, in order; it runs on the private queue
/// and may block (it does synchronous SQLite work).
final class GroupCommitter<Request: Sendable, Response: Sendable>: Sendable {
    typealias Commit = @Sendable ([Request]) -> [Result<Response, any Error>]

    private struct Waiting {
        var request: Request
        var continuation: CheckedContinuation<Response, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var draining = false
        /// While the drain gathers: the number of waiting requests that ends the wait.
        var gatherTarget: Int?
        /// Whether `submit` has signalled `arrived` for the current gather.
        var signalled = false
    }

    private let state = Mutex(State())
    private let arrived = DispatchSemaphore(value: 0)
    private let queue: DispatchQueue
    private let commit: Commit
    private let gatherLimit: DispatchTimeInterval

    init(label: String, gatherLimit: DispatchTimeInterval = .microseconds(200), commit: @escaping Commit) {
        self.queue = DispatchQueue(label: label)
        self.gatherLimit = gatherLimit
        self.commit = commit
    }

    /// Queues `request` and returns its response once the transaction holding it is committed.
    func submit(_ request: Request) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let (start, signal) = state.withLock { state -> (Bool, Bool) in
                state.waiting.append(Waiting(request: request, continuation: continuation))
                if let target = state.gatherTarget, state.waiting.count >= target, !state.signalled {
                    state.signalled = true
                    return (false, true)
                }
                if state.draining { return (false, false) }
                state.draining = true
                return (true, false)
            }
            if signal { arrived.signal() }
            if start { queue.async { self.drain() } }
        }
    }

    private func drain() {
        var previous = 0
        while true {
            if previous > 1 { gather(upTo: previous) }
            let batch = state.withLock { state in
                let batch = state.waiting
                state.waiting.removeAll(keepingCapacity: true)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            let results = commit(batch.map(\.request))
            precondition(results.count == batch.count, "commit must answer every request")
            for (waiting, result) in zip(batch, results) {
                waiting.continuation.resume(with: result)
            }
            previous = batch.count
        }
    }

    /// Waits until `target` requests wait, or `gatherLimit` has passed.
    private func gather(upTo target: Int) {
        let wait = state.withLock { state in
            guard state.waiting.count < target else { return false }
            state.gatherTarget = target
            state.signalled = false
            return true
        }
        guard wait else { return }
        let timedOut = arrived.wait(timeout: .now() + gatherLimit) == .timedOut
        let pendingSignal = state.withLock { state in
            state.gatherTarget = nil
            return timedOut && state.signalled
        }
        // A signal that raced the timeout would end the next gather early: consume it.
        if pendingSignal { arrived.wait() }
    }
}
