import Logging
import PostgresNIO
import Synchronization

/// The `LISTEN` side of the shared database: one connection held for `LISTEN channel`, its
/// notifications fanned out to every `stream()` (for `isomorphiq_events`, each the new last seq).
///
/// When the connection drops (the server restarts, the network fails) it is made again with
/// backoff (0.1 s doubling to 5 s), and `current` (for the log: its head) is announced once
/// listening again, so a follower catches up on whatever it missed meanwhile.
final class PostgresNotifications<Element: Sendable>: Sendable {
    private struct State {
        var streams: [Int: AsyncStream<Element>.Continuation] = [:]
        var next = 0
        var task: Task<Void, Never>?
        var finished = false
    }

    private let client: PostgresClient
    private let logger: Logger
    private let channel: String
    private let current: PostgresQuery?
    private let parse: @Sendable (String) -> Element?
    private let state = Mutex(State())

    /// - Parameters:
    ///   - current: a query whose one `TEXT` result is announced (through `parse`) when (re)listening.
    ///   - parse: a notification's payload as an element; `nil` drops it.
    init(client: PostgresClient, channel: String, current: PostgresQuery?, logger: Logger, parse: @escaping @Sendable (String) -> Element?) {
        self.client = client
        self.channel = channel
        self.current = current
        self.logger = logger
        self.parse = parse
    }

    func start() {
        let task = Task { [self] in await listen() }
        state.withLock { $0.task = task }
    }

    func stream() -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self, bufferingPolicy: .bufferingNewest(256))
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

    private func announce(_ payload: String) {
        guard let element = parse(payload) else { return }
        for stream in state.withLock({ Array($0.streams.values) }) { stream.yield(element) }
    }

    private func listen() async {
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        // Listening now: whatever happened while we were not is announced once.
                        if let current {
                            for try await value in try await connection.query(current, logger: logger).decode(String.self) {
                                announce(value)
                            }
                        }
                        backoff = .milliseconds(100)
                        for try await notification in notifications {
                            announce(notification.payload)
                        }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning(
                    "LISTEN on the shared database failed; retrying",
                    metadata: ["channel": "\(channel)", "error": "\(PostgresErrors.describe(error))", "in": "\(backoff)"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
        }
    }
}
