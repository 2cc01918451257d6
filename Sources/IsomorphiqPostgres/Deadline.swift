import IsomorphiqStore
import Synchronization

/// Runs `operation`, or throws `StoreError.unavailable` when it has not finished within `limit`
/// (and cancels it). With the server down, PostgresNIO's pool keeps a request waiting for a
/// connection indefinitely, and on a connection that went silent (a network partition) a query
/// waits for an answer that never comes, cancelled or not; callers (an HTTP request, the bus's
/// writer) need an answer. So the caller is answered at the deadline without waiting for the
/// operation to end: it runs on, cancelled, until its connection fails (the pool's size bounds how
/// many can linger).
///
/// An append that times out may still commit: the store reports it `StoreError.unconfirmed` (503,
/// "it may have been stored"). The log stays consistent (the bus's next conditional append sees the
/// moved head and catches up); a client that retries blindly may store the same change twice
/// under a new event id (a create with a client-chosen task id cannot be).
func withDeadline<T: Sendable>(_ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let answer = Answer<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            answer.wait(continuation)
            let work = Task { answer.give(await Result { try await operation() }) }
            let timer = Task {
                try? await Task.sleep(for: limit)
                guard !Task.isCancelled else { return }
                if answer.give(.failure(StoreError.unavailable("\(what): no answer from PostgreSQL within \(limit)"))) { work.cancel() }
            }
            answer.onAnswer { timer.cancel() }
            answer.onCancel { work.cancel() }
        }
    } onCancel: {
        answer.cancel()
    }
}

/// One answer for one waiting caller: the first `give` (or a cancellation) resumes it; later ones
/// are ignored.
private final class Answer<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var result: Result<T, any Error>?
        var onAnswer: (@Sendable () -> Void)?
        var onCancel: (@Sendable () -> Void)?
        var cancelled = false
    }

    private let state = Mutex(State())

    func wait(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            if let result = state.result { return result }
            if state.cancelled { return .failure(CancellationError()) }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Resumes the caller with `result` unless it was answered already; whether this one answered.
    @discardableResult
    func give(_ result: Result<T, any Error>) -> Bool {
        let (continuation, hook) = state.withLock { state -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard state.result == nil else { return (nil, nil) }
            state.result = result
            defer { state.continuation = nil }
            return (state.continuation, state.onAnswer)
        }
        guard let continuation else { return false }
        hook?()
        continuation.resume(with: result)
        return true
    }

    func onAnswer(_ hook: @escaping @Sendable () -> Void) {
        let answered = state.withLock { state -> Bool in
            state.onAnswer = hook
            return state.result != nil
        }
        if answered { hook() }
    }

    func onCancel(_ hook: @escaping @Sendable () -> Void) {
        let cancelled = state.withLock { state -> Bool in
            state.onCancel = hook
            return state.cancelled
        }
        if cancelled { hook() }
    }

    func cancel() {
        let hook = state.withLock { state -> (@Sendable () -> Void)? in
            state.cancelled = true
            return state.onCancel
        }
        hook?()
        give(.failure(CancellationError()))
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
