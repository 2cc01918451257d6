public import Foundation
public import IsomorphiqCore
public import Logging
import Synchronization
public import IsomorphiqSource

/// The UI's source for a remote instance: the board over REST, live events over `/ws` resumed by
/// seq after every reconnect (exponential backoff with jitter), commands over REST with the
/// task's expected version.
///
/// While the connection is down the board stays as last seen and `send` refuses at once with
/// `.unavailable`: nothing is queued, so nothing is applied later behind the user's back.
/// A 409 names who changed the task meanwhile. Thread-safe.
public final class RemoteTaskSource: TaskSource {
    public let api: TaskAPIClient
    /// What the clients pane of every terminal shows for this one.
    public let program: String
    public let backoff: Backoff
    let logger: Logger
    let clock: any Clock<Duration>
    let random: @Sendable () -> Double
    let shared: Mutex<Shared>

    struct Shared {
        var user: String
        var connection: ConnectionStatus = .connecting(attempt: 1)
        /// Ends the follower's current backoff wait, if it is waiting.
        var retry: (@Sendable () -> Void)?
        var retryPending = false
    }

    /// - Parameters:
    ///   - user: shown until the server's `welcome` says who the token belongs to.
    ///   - clock: paces the backoff; tests pass their own.
    public init(
        api: TaskAPIClient, user: String, program: String = "isomorphiq-tui", backoff: Backoff = Backoff(), logger: Logger,
        clock: any Clock<Duration> = ContinuousClock(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.api = api
        self.program = program
        self.backoff = backoff
        self.logger = logger
        self.clock = clock
        self.random = random
        self.shared = Mutex(Shared(user: user))
    }

    public var status: StatusInfo {
        let user = shared.withLock { $0.user }
        return StatusInfo(serverURL: api.baseURL.absoluteString, serverNote: "remote", user: user, dataDirectory: api.baseURL.absoluteString)
    }

    /// The connection as the UI last heard of it.
    public var connection: ConnectionStatus { shared.withLock { $0.connection } }

    /// Connects, loads the board and follows the server until the feed is dropped.
    /// - Throws: `TaskAPIError` when the first connection or the first board load fails.
    public func connect() async throws -> TaskFeed {
        let updates = UpdateChannel()
        let (first, firstSink) = AsyncThrowingStream.makeStream(of: TaskBoard.self, throwing: (any Error).self)
        let follower = RemoteFollower(source: self, sink: updates, first: firstSink)
        let task = Task { await follower.run() }
        updates.onFinish { task.cancel() }
        do {
            for try await board in first {
                let after = max(0, board.lastSeq - Int64(TaskFeed.recentLimit))
                let recent = (try? await api.events(after: after, limit: TaskFeed.recentLimit).events.filter { $0.seq <= board.lastSeq }) ?? []
                return TaskFeed(board: board, updates: updates, recent: recent)
            }
        } catch {
            updates.finish()
            throw error
        }
        updates.finish()
        throw TaskAPIError(.unavailable, "the connection ended before the board was loaded")
    }

    public func send(_ commands: [TaskCommand]) async throws(TaskServiceError) -> [Event] {
        let connection = self.connection
        guard connection.isLive else {
            var reason = ""
            if case .lost(let why, _, _) = connection { reason = " (\(why))" }
            throw TaskServiceError(.unavailable, "offline\(reason): not sent; the board is read-only until the connection is back")
        }
        do {
            return try await api.send(commands)
        } catch {
            var failure = error.serviceError
            if error.kind == .conflict, let explained = await explainConflict(commands, error) {
                failure = TaskServiceError(.conflict, explained, field: failure.field, currentVersion: failure.currentVersion)
            }
            throw failure
        }
    }

    public func history(of id: TaskID) async throws(TaskServiceError) -> [Event] {
        do { return try await api.history(of: id) } catch { throw error.serviceError }
    }

    /// "changed meanwhile by bob: status todo → done" for the first command with a version.
    func explainConflict(_ commands: [TaskCommand], _ error: TaskAPIError) async -> String? {
        guard let command = commands.first(where: { $0.expectedVersion != nil && $0.action.taskID != nil }),
            let id = command.action.taskID, let version = command.expectedVersion,
            let history = try? await api.history(of: id),
            let changes = ConflictDescription.describe(history, since: version)
        else { return nil }
        return "changed meanwhile (v\(version) → v\(error.currentVersion ?? version + 1)) by \(changes)"
    }

    /// Ends the current backoff wait; asked between waits, it ends the next one at once.
    public func retryNow() {
        let retry = shared.withLock { shared -> (@Sendable () -> Void)? in
            if shared.retry == nil { shared.retryPending = true }
            return shared.retry
        }
        retry?()
    }

    func waiting(_ retry: (@Sendable () -> Void)?) {
        let now = shared.withLock { shared -> Bool in
            shared.retry = retry
            defer { if retry != nil { shared.retryPending = false } }
            return retry != nil && shared.retryPending
        }
        if now { retry?() }
    }

    func report(_ connection: ConnectionStatus) {
        shared.withLock { $0.connection = connection }
    }

    func learned(user: String) {
        guard !user.isEmpty else { return }
        shared.withLock { $0.user = user }
    }
}
