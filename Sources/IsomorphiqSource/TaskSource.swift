public import IsomorphiqCore

/// Where the UI gets its tasks and sends its changes. The UI knows nothing else of the world:
/// in-process it is the EventBus and TaskService (`InProcessTaskSource`); remotely it will be
/// REST for commands and a WebSocket for events, behind this same protocol.
public protocol TaskSource: Sendable {
    /// The server URL (or why there is none), the user, the data directory.
    var status: StatusInfo { get }

    /// The board now, and every update after it, in log order. Subscribe before reading the
    /// board: an event the board already holds (by `seq`) is skipped by the UI.
    func connect() async throws -> TaskFeed

    /// Applies `commands` as one atomic batch and returns their events.
    func send(_ commands: [TaskCommand]) async throws(TaskServiceError) -> [Event]

    /// Every stored event about a task (its own, and dependency events naming it), oldest first.
    func history(of id: TaskID) async throws(TaskServiceError) -> [Event]

    /// When offline and waiting to reconnect, reconnects now. Any thread; does nothing by default.
    func retryNow()
}

extension TaskSource {
    public func retryNow() {}
}

/// A board and the live updates that follow it. The channel is bounded: a consumer that falls
/// behind slows the source, which then sends `.resync` rather than lose an update.
public struct TaskFeed: Sendable {
    public var board: TaskBoard
    public var updates: UpdateChannel
    /// The log's last events up to `board` (at most `recentLimit`), oldest first: the feed shows
    /// them at start, so that a new screen does not start blank.
    public var recent: [Event]

    public static let recentLimit = 200

    public init(board: TaskBoard, updates: UpdateChannel, recent: [Event] = []) {
        self.board = board
        self.updates = updates
        self.recent = recent
    }
}

/// One item of a feed.
public enum SourceUpdate: Sendable {
    case event(Event)
    /// The source lost events (a buffer bound, a reconnect): here is the whole board again.
    case resync(TaskBoard)
    /// A remote source's connection changed (lost, reconnecting, live again).
    case connection(ConnectionStatus)
    /// Every client connected to the server now (sent on each (re)connect); presence events follow.
    case clients([ClientPresence])
}
