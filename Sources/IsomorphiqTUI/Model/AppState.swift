public import Foundation
public import IsomorphiqCore
public import DequeModule
public import IsomorphiqSource

/// Everything the screen shows and every key depends on. Only `update` changes it; `render`
/// reads it. A value: tests build one, send it messages and look at the result.
public struct AppState: Sendable {
    public var board: TaskBoard
    public var list = TaskList()
    public var focus: Pane = .list
    public var feed = EventFeed()
    public var clients = ClientList()
    public var status: StatusInfo
    /// A remote source's connection; `nil` in-process.
    public var connection: ConnectionStatus?
    public var overlay: Overlay?
    public var undo = UndoHistory()
    public var keyMap: KeyMap
    public var theme: Theme

    /// The task whose history `history` holds, once loaded.
    public var historyTaskID: TaskID?
    public var history: [Event] = []
    public var historyLoaded = false
    public var detailScroll = 0

    /// Commands in flight, by request id.
    public var pending: [Int: PendingCommand] = [:]
    public var nextRequestID = 1
    /// A task created from the form, to select once its event arrives.
    public var selectWhenSeen: TaskID?

    /// Recently changed tasks and when their highlight ends.
    public var highlights: [TaskID: Date] = [:]
    public var highlightDuration: TimeInterval = 1.5
    /// When the events of the last second arrived, for events/s.
    public var recentEvents: Deque<Date> = []
    public var message: StatusMessage?
    /// Every message said, newest last, at most `messageLogLimit`: `M` shows them in full.
    public var messageLog: [StatusMessage] = []
    public static let messageLogLimit = 50

    public var size: TerminalSize
    /// The time of the message being handled; the program loop sets it, tests pin it.
    public var now: Date
    /// The zone times are shown in.
    public var timeZone: TimeZone

    public init(
        board: TaskBoard = TaskBoard(), status: StatusInfo, size: TerminalSize = TerminalSize(width: 80, height: 24),
        now: Date = Date(), timeZone: TimeZone = .current, keyMap: KeyMap = .standard, theme: Theme = .standard
    ) {
        self.board = board
        self.status = status
        self.size = size
        self.now = now
        self.timeZone = timeZone
        self.keyMap = keyMap
        self.theme = theme
        list.rebuild(from: board, user: status.user)
    }

    public var user: UserID { status.user }

    /// The task under the cursor.
    public var selectedTask: TaskItem? { list.selectedID.flatMap { board[$0] } }

    /// Events in the last second.
    public var eventsPerSecond: Int {
        recentEvents.reduce(0) { $0 + ($1 > now.addingTimeInterval(-1) ? 1 : 0) }
    }

    /// When the screen next changes by itself (a highlight fades, a message expires, the
    /// events/s figure drops), or `nil` when nothing is pending: the loop then sleeps untimed.
    public var nextDeadline: Date? {
        var deadline = highlights.values.min()
        if let message { deadline = min(deadline ?? message.expires, message.expires) }
        if let first = recentEvents.first {
            let drop = first.addingTimeInterval(1)
            deadline = min(deadline ?? drop, drop)
        }
        return deadline
    }

    /// The screen layout for the current size (and whether the detail pane is showing).
    public var layout: Layout { Layout(size: size, focus: focus) }
}
