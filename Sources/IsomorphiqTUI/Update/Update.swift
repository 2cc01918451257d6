import IsomorphiqCore
import Foundation

/// The one place the UI's state changes. Pure apart from `state`: no I/O, no clock (the loop
/// sets `state.now`), so every key and message is unit-tested without a terminal.
public func update(_ state: inout AppState, _ message: Message) -> [Effect] {
    var effects: [Effect]
    switch message {
    case .key(let key): effects = state.handleKey(key)
    case .mouse(let mouse): effects = state.handleMouse(mouse)
    case .paste(let text): effects = state.handlePaste(text)
    case .edited(let result):
        state.finishExternalEdit(result)
        effects = []
    case .resize(let size):
        state.size = size
        state.list.scrollIntoView(viewHeight: state.layout.listRows)
        effects = []
    case .tick:
        state.expire()
        effects = []
    case .event(let event): effects = state.receive(event)
    case .resync(let board):
        state.board = board
        state.rebuildList()
        state.historyTaskID = nil
        effects = []
    case .connection(let connection):
        state.connection = connection
        effects = []
    case .clients(let clients):
        state.clients.replace(with: clients)
        effects = []
    case .commandFinished(let id, let result): effects = state.finish(id, result)
    case .historyLoaded(let id, let result):
        state.receiveHistory(id, result)
        effects = []
    case .quit: effects = [.quit]
    }
    effects += state.syncDetail()
    return effects
}

extension AppState {
    /// Drops highlights, messages and event times whose time is up.
    mutating func expire() {
        highlights = highlights.filter { $0.value > now }
        if let message, message.expires <= now { self.message = nil }
        while let first = recentEvents.first, first <= now.addingTimeInterval(-1) { recentEvents.removeFirst() }
    }

    /// Shows `text` on the status line (4 s, an error 10 s) and keeps it in the message log.
    mutating func say(_ text: String, error: Bool = false) {
        let said = StatusMessage(text, isError: error, said: now, expires: now.addingTimeInterval(error ? 10 : 4))
        message = said
        messageLog.append(said)
        if messageLog.count > Self.messageLogLimit { messageLog.removeFirst(messageLog.count - Self.messageLogLimit) }
    }

    /// Sends `commands` as one batch and remembers why.
    mutating func send(_ commands: [TaskCommand], as purpose: PendingCommand) -> [Effect] {
        guard !commands.isEmpty else { return [] }
        // What the line said was about before this change ("nothing to change", an old refusal).
        message = nil
        let id = nextRequestID
        nextRequestID += 1
        pending[id] = purpose
        return [.send(id: id, commands)]
    }

    /// Whether the detail pane is on screen.
    var detailVisible: Bool { !layout.detail.isEmpty }

    /// Asks for the history of the task the detail pane shows, when that task changed.
    mutating func syncDetail() -> [Effect] {
        guard detailVisible, let id = list.selectedID, id != historyTaskID else { return [] }
        historyTaskID = id
        history = []
        historyLoaded = false
        detailScroll = 0
        return [.loadHistory(id)]
    }

    mutating func receiveHistory(_ id: TaskID, _ result: Result<[Event], TaskServiceError>) {
        guard id == historyTaskID else { return }
        switch result {
        case .success(let events):
            let known = Set(events.map(\.id))
            history = events + history.filter { !known.contains($0.id) }
            historyLoaded = true
        case .failure(let error):
            say("history of #\(id.uuidString.lowercased().prefix(8)): \(error.message)", error: true)
        }
    }
}
