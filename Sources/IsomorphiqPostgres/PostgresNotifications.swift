import Logging
import PostgresNIO
import Synchronization

/// The `LISTEN` side of the shared log: one connection held for `LISTEN isomorphiq_events`, its
/// notifications (each the new last seq) fanned out to every `stream()`.
///
/// When the connection drops (the server restarts, the network fails) it is made again with
/// backoff (0.1 s doubling to 5 s), and the current head is announced once listening again, so a
/// follower catches up on whatever it missed meanwhile.
final class PostgresNotifications: Sendable {
    private struct State {
        var streams: [Int: AsyncStream<Int64>.Continuation] = [:]
        var next = 0
        var task: Task<Void, Never>?
        var finished = false
    }

    private let client: PostgresClient
    private let logger: Logger
    private let state = Mutex(State())

    init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    func start() {
        let task = Task { [self] in await listen() }
        state.withLock { $0.task = task }
    }

    func stream() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int64.self, bufferingPolicy: .bufferingNewest(64))
        let key: Int? = state.withLock { state in
            guard !state.finished else { return nil }
            state.next += 1
            state.streams[state.next] = continuation
            return state.next
        }
        guard let key else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.streams.removeValue(forKey: key) } }
        return stream
    }

    func finish() {
        let (streams, task) = state.withLock { state in
            state.finished = true
            defer { state.streams = [:] }
            return (Array(state.streams.values), state.task)
        }
        task?.cancel()
        for stream in streams { stream.finish() }
    }

    private func announce(_ seq: Int64) {
        for stream in state.withLock({ Array($0.streams.values) }) { stream.yield(seq) }
    }

    private func listen() async {
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: PostgresSchema.channel) { notifications in
                        // Listening now: whatever was appended while we were not is announced once.
                        var head: Int64 = 0
                        for try await value in try await connection.query("SELECT coalesce(max(seq), 0) FROM isomorphiq_events", logger: logger).decode(Int64.self) {
                            head = value
                        }
                        announce(head)
                        backoff = .milliseconds(100)
                        for try await notification in notifications {
                            if let seq = Int64(notification.payload) { announce(seq) }
                        }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("LISTEN on the shared log failed; retrying", metadata: ["error": "\(PostgresErrors.describe(error))", "in": "\(backoff)"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
        }
    }
}
