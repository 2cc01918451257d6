import Logging
import PostgresNIO
import Synchronization

/// The `LISTEN` side of the shared database: one connection held for `LISTEN channel`, its
/// notifications fanned out to every `stream()` (for `isomorphiq_events`, each the new last seq).
///
/// When the connection drops (the server restarts, the network fails) it is made again with
/// backoff (0.1 s doubling to 5 s), and `current` (for the log: its head) is announced once
/// listening again, so a follower catches up on whatever it missed meanwhile.
final class PostgresNotifications: Sendable {
    private struct State {
        var streams: [Int: AsyncStream<Int64>.Continuation] = [:]
        var next = 0
        var task: Task<Void, Never>?
        var finished = false
    }

    private let client: PostgresClient
    private let logger: Logger
    private let channel: String
    private let current: PostgresQuery
    private let state = Mutex(State())

    /// - Parameter current: a query giving the one `BIGINT` to announce when (re)listening.
    init(client: PostgresClient, channel: String = PostgresSchema.channel,
         current: PostgresQuery = "SELECT coalesce(max(seq), 0) FROM isomorphiq_events", logger: Logger) {
        self.client = client
        self.channel = channel
        self.current = current
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
                    try await connection.listen(on: channel) { notifications in
                        // Listening now: whatever happened while we were not is announced once.
                        var head: Int64 = 0
                        for try await value in try await connection.query(current, logger: logger).decode(Int64.self) {
                            head = value
                        }
                        announce(head)
                        backoff = .milliseconds(100)
                        for try await notification in notifications {
                            announce(Int64(notification.payload) ?? 0)
                        }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("LISTEN on the shared database failed; retrying", metadata: ["channel": "\(channel)"])
                logger.debug("LISTEN failure", metadata: ["error": "\(PostgresErrors.describe(error))", "in": "\(backoff)"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
        }
    }
}
