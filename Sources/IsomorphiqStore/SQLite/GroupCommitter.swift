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
    }

    private let state = Mutex(State())
    private let queue: DispatchQueue
    private let commit: Commit

    init(label: String, commit: @escaping Commit) {
        self.queue = DispatchQueue(label: label)
        self.commit = commit
    }

    /// Queues `request` and returns its response once the transaction holding it is committed.
    func submit(_ request: Request) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state in
                state.waiting.append(Waiting(request: request, continuation: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
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
        }
    }
}
