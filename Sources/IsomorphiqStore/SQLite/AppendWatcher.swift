import Synchronization

/// Tells listeners the newest `lastSeq` after each commit, and can notice commits made by
/// another connection (another process) by polling.
///
/// Polling runs only while at least one listener exists and only when `poll` is given: one cheap
/// query per `interval`. With no listener nothing runs, so an idle process uses no CPU.
/// Each listener's buffer holds only the newest value, so a slow listener never grows memory.
final class AppendWatcher: Sendable {
    typealias Poll = @Sendable () async throws -> Int64

    private struct State {
        var listeners: [Int: AsyncStream<Int64>.Continuation] = [:]
        var nextKey = 0
        var lastNotified: Int64
        var poller: Task<Void, Never>?
        var closed = false
    }

    private let state: Mutex<State>
    private let poll: Poll?
    private let interval: Duration

    init(lastSeq: Int64, poll: Poll?, interval: Duration) {
        state = Mutex(State(lastNotified: lastSeq))
        self.poll = poll
        self.interval = interval
    }

    func stream() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int64.self, bufferingPolicy: .bufferingNewest(1))
        let key: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            let key = state.nextKey
            state.nextKey += 1
            state.listeners[key] = continuation
            if state.poller == nil, poll != nil { state.poller = startPolling() }
            return key
        }
        guard let key else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in self?.remove(key) }
        return stream
    }

    /// Announces `seq` to every listener, unless it was already announced.
    func notify(_ seq: Int64) {
        let listeners = state.withLock { state -> [AsyncStream<Int64>.Continuation] in
            guard seq > state.lastNotified else { return [] }
            state.lastNotified = seq
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.yield(seq) }
    }

    /// Ends every stream and stops polling.
    func finish() {
        let (listeners, poller) = state.withLock { state in
            state.closed = true
            defer { state.listeners = [:]; state.poller = nil }
            return (Array(state.listeners.values), state.poller)
        }
        poller?.cancel()
        for listener in listeners { listener.finish() }
    }

    private func remove(_ key: Int) {
        let poller = state.withLock { state -> Task<Void, Never>? in
            state.listeners[key] = nil
            guard state.listeners.isEmpty else { return nil }
            defer { state.poller = nil }
            return state.poller
        }
        poller?.cancel()
    }

    private func startPolling() -> Task<Void, Never> {
        Task { [weak self, interval, poll] in
            guard let poll else { return }
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                    let seq = try await poll()
                    self?.notify(seq)
                } catch {
                    if Task.isCancelled { return }
                }
            }
        }
    }
}
