import Foundation
import IsomorphiqCore
import IsomorphiqTUI

/// How the `task` commands print tasks: one readable line each, or JSON (the API's task form).
enum TaskPrinter {
    static func line(_ task: TaskItem) -> String {
        var parts = ["#\(task.shortID)", pad(task.status.rawValue, 11), pad(task.priority.rawValue, 6), pad(task.assignedTo.map { "@" + $0 } ?? "-", 10), task.title]
        if !task.tags.isEmpty { parts.append(task.tags.sorted().map { "+" + $0 }.joined(separator: " ")) }
        if let due = task.due { parts.append("due " + DueDate.format(due)) }
        return parts.joined(separator: "  ")
    }

    static func details(_ task: TaskItem, history: [Event]) -> String {
        var lines = [
            "#\(task.shortID)  \(task.title)", "id:        \(task.id.wire)", "status:    \(task.status.rawValue)",
            "priority:  \(task.priority.rawValue)", "assignee:  \(task.assignedTo ?? "-")", "created:   \(Timestamp.format(task.createdAt)) by \(task.createdBy)",
            "updated:   \(Timestamp.format(task.updatedAt)) (version \(task.version))",
        ]
        if let description = task.description { lines.append("description: \(description)") }
        if !task.tags.isEmpty { lines.append("tags:      \(task.tags.sorted().joined(separator: " "))") }
        if let due = task.due { lines.append("due:       \(DueDate.format(due))") }
        if !task.dependencies.isEmpty { lines.append("depends on: \(task.dependencies.map { String($0.wire.prefix(8)) }.sorted().joined(separator: " "))") }
        if !history.isEmpty {
            lines.append("history:")
            lines += history.map { "  \($0.seq)  \(Timestamp.format($0.timestamp))  \($0.actor)  \($0.type.rawValue)" }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
