import IsomorphiqCore
import Foundation
import IsomorphiqSource

/// Two lines at the bottom: where the server is and what the list shows, then a message, an
/// error, the open prompt, or a hint.
struct StatusBarView {
    let state: AppState

    func draw(into screen: inout ScreenBuffer, in rect: Rect) {
        guard rect.height >= 2 else { return }
        let status = state.status
        var parts: [String] = []
        if let connection = state.connection, let text = Self.describe(connection, url: status.serverURL, timeZone: state.timeZone) {
            parts.append(text)
        } else if let url = status.serverURL {
            parts.append(url + (rect.width >= 120 ? status.serverNote.map { " (\($0))" } ?? "" : ""))
        } else {
            parts.append(status.serverNote ?? "server off")
        }
        let offline = state.connection.map { !$0.isLive } ?? false
        // Offline, the last count is not known to hold any more.
        if !offline { parts.append(counted(state.clients.count, "client")) }
        parts.append("\(state.eventsPerSecond) ev/s")
        parts.append("seq \(state.board.lastSeq)")
        if !state.list.marked.isEmpty { parts.append("\(state.list.marked.count) selected") }
        if !state.list.query.isEmpty { parts.append("filter: \(state.list.query.text)") }
        parts.append("sort: \(state.list.sort.label)")
        screen.write(padded: " " + parts.joined(separator: " │ "), x: rect.x, y: rect.y, width: rect.width, style: offline ? Style(state.theme[.error], bold: true, reverse: true) : .reverse)
        let y = rect.y + 1
        if case .prompt(let prompt) = state.overlay {
            let label = "\(prompt.label): "
            let used = screen.write(label, x: rect.x, y: y, style: .bold)
            screen.write(prompt.editor.text, x: rect.x + used, y: y, maxWidth: rect.width - used - 1)
            let cursorX = rect.x + used + CharacterWidth.of(String(prompt.editor.characters.prefix(prompt.editor.cursor)))
            if cursorX < rect.maxX { screen.restyle(Rect(x: cursorX, y: y, width: 1, height: 1)) { $0.reverse = true } }
        } else if let message = state.message {
            let style = message.isError ? state.theme.error : Style(state.theme[.success])
            let room = rect.width - 1
            if CharacterWidth.of(message.text) > room {
                // Cut: say where the rest is (the message log keeps it whole).
                let more = " … (M: read in full)"
                let used = screen.write(message.text, x: rect.x + 1, y: y, maxWidth: max(0, room - CharacterWidth.of(more)), style: style)
                screen.write(more, x: rect.x + 1 + used, y: y, maxWidth: room - used, style: .dim)
            } else {
                screen.write(message.text, x: rect.x + 1, y: y, maxWidth: room, style: style)
            }
        } else {
            // From the key table, so a rebound key is hinted as it is.
            let keys = Self.hinted.compactMap { action, word in state.keyMap.binding(for: action).flatMap(\.keys.first).map { "\($0.label) \(word)" } }
            let hint = "\(state.user) │ " + keys.joined(separator: "  ")
            screen.write(hint, x: rect.x + 1, y: y, maxWidth: rect.width - 1, style: .dim)
        }
    }

    static let hinted: [(Action, String)] = [
        (.help, "help"), (.palette, "commands"), (.newTask, "new"), (.edit, "edit"), (.nextStatus, "status"),
        (.filter, "filter"), (.undo, "undo"), (.nextPane, "pane"), (.quit, "quit"),
    ]

    /// The connection as the status bar says it; `nil` when live (the URL is shown as usual).
    static func describe(_ connection: ConnectionStatus, url: String?, timeZone: TimeZone) -> String? {
        let server = url ?? "the server"
        switch connection {
        case .live:
            return nil
        case .connecting(let attempt):
            return attempt <= 1 ? "connecting to \(server)…" : "reconnecting to \(server) (attempt \(attempt))…"
        case .lost(let reason, let retryAt, _):
            let retry = retryAt.map { ", retry at \(TimeText.clock($0, in: timeZone))" } ?? ""
            return "OFFLINE \(server): \(reason)\(retry); read-only"
        }
    }
}
