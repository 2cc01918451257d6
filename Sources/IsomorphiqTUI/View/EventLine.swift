public import IsomorphiqCore
public import Foundation

/// One event as one readable line: `12:04:31 alice    status    #a1b2c3d4 todo → in-progress`.
/// Shared by the feed and the detail pane's history.
public enum EventLine {
    /// The short word for a type, as the feed's middle column and its type filter use it.
    public static func label(for type: EventType) -> String {
        switch type {
        case .taskCreated: "created"
        case .taskUpdated: "updated"
        case .taskDeleted: "deleted"
        case .taskStatusChanged: "status"
        case .taskPriorityChanged: "priority"
        case .taskAssigned: "assigned"
        case .taskCollaboratorsUpdated: "collab"
        case .taskWatchersUpdated: "watchers"
        case .taskDependencyAdded: "dep+"
        case .taskDependencyRemoved: "dep-"
        case .clientConnected: "connect"
        case .clientDisconnected: "disconnect"
        case .systemStarted: "started"
        case .systemShutdown: "shutdown"
        }
    }

    /// The colour of a type in the feed.
    public static func style(for type: EventType, theme: Theme = .standard) -> Style {
        switch type {
        case .taskCreated: Style(theme[.created])
        case .taskDeleted: Style(theme[.deleted])
        case .taskStatusChanged: Style(theme[.statusChanged])
        case .taskPriorityChanged: Style(theme[.priorityChanged])
        case .taskAssigned, .taskCollaboratorsUpdated, .taskWatchersUpdated: Style(theme[.people])
        case .taskDependencyAdded, .taskDependencyRemoved: Style(theme[.dependencies])
        case .taskUpdated: Style.plain
        case .clientConnected, .clientDisconnected, .systemStarted, .systemShutdown: Style(dim: true)
        }
    }

    /// What happened, after the label: `#a1b2c3d4 todo → in-progress`.
    public static func summary(_ event: Event) -> String {
        let bare = event.payload.task.map { "#\($0.shortID)" } ?? ""
        // The task's title too (cut at 24 columns), so that a line says which task it was.
        let id = event.payload.task.map { "#\($0.shortID) \"\(TextFit.fit($0.title, 24))\"" } ?? ""
        switch event.payload {
        case .taskCreated(let p): return "\(bare) \"\(p.task.title)\""
        case .taskDeleted(let p): return "\(bare) \"\(p.task.title)\""
        case .taskUpdated(let p):
            let parts = p.changes.keys.sorted().map { key in "\(key) \(short(p.changes[key]!.old)) → \(short(p.changes[key]!.new))" }
            return "\(id) \(parts.joined(separator: "; "))"
        case .taskStatusChanged(let p): return "\(id) \(p.oldStatus.rawValue) → \(p.newStatus.rawValue)"
        case .taskPriorityChanged(let p): return "\(id) \(p.oldPriority.rawValue) → \(p.newPriority.rawValue)"
        case .taskAssigned(let p): return "\(id) \(p.oldAssignee ?? "—") → \(p.assignedTo ?? "—")"
        case .taskCollaboratorsUpdated(let p), .taskWatchersUpdated(let p):
            let changes = p.added.sorted().map { "+\($0)" } + p.removed.sorted().map { "-\($0)" }
            return "\(id) \(changes.joined(separator: " "))"
        case .taskDependencyAdded(let p): return "\(id) depends on #\(p.dependsOn.uuidString.lowercased().prefix(8))"
        case .taskDependencyRemoved(let p): return "\(id) no longer depends on #\(p.dependencyRemoved.uuidString.lowercased().prefix(8))"
        case .clientConnected(let p), .clientDisconnected(let p): return "\(p.user) (\(p.program)) from \(p.address)"
        case .systemStarted(let n), .systemShutdown(let n): return "version \(n.version)\(n.message.map { ": \($0)" } ?? "")"
        }
    }

    private static func short(_ value: JSONValue) -> String {
        let text = value.description
        let quoted: String = if case .string = value { "\"\(text)\"" } else { text }
        return quoted.count > 40 ? String(quoted.prefix(39)) + "…" : quoted
    }

    /// The columns before the summary: time, actor, label.
    public static func prefix(_ event: Event, in zone: TimeZone) -> String {
        "\(TimeText.clock(event.timestamp, in: zone)) \(pad(event.actor, 8)) \(pad(label(for: event.type), 9))"
    }

    /// `text` in exactly `width` columns: cut with `…`, or padded.
    static func pad(_ text: String, _ width: Int) -> String {
        TextFit.pad(text, width)
    }
}

