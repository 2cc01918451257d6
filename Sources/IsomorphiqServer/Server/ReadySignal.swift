import Synchronization

/// A one-shot result many tasks may wait for: the bound ports, or why binding failed.
final class ReadySignal: Sendable {
    private struct State {
        var result: Result<BoundPorts, ServerError>?
        var waiters: [CheckedContinuation<BoundPorts, any Error>] = []
    }

    private let state = Mutex(State())

    func resolve(_ result: Result<BoundPorts, ServerError>) {
        let waiters: [CheckedContinuation<BoundPorts, any Error>] = state.withLock { state in
            guard state.result == nil else { return [] }
            state.result = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result.mapError { $0 as any Error }) }
    }

    func wait() async throws -> BoundPorts {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<BoundPorts, ServerError>? = state.withLock { state in
                if state.result == nil { state.waiters.append(continuation) }
                return state.result
            }
            if let ready { continuation.resume(with: ready.mapError { $0 as any Error }) }
        }
    }
}
