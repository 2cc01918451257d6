public import IsomorphiqCore
import Foundation

/// The colours of the screen by what they mean, so the configuration (`tui.colors`) can change
/// them in one place. Attributes (bold, reverse, dim) stay: they keep states visible without colour.
public struct Theme: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case error, success, focus, highlight, marked, blocked, overdue, assignee, tags
        case todo, inProgress, done, invalid
        case low, medium, high
        case created, deleted, statusChanged, priorityChanged, people, dependencies
    }

    public private(set) var colors: [Role: Style.Color]

    public static let standard = Theme(colors: [
        .error: .red, .success: .green, .focus: .cyan, .highlight: .yellow, .marked: .magenta, .blocked: .red,
        .overdue: .red, .assignee: .cyan, .tags: .blue,
        .todo: .default, .inProgress: .yellow, .done: .green, .invalid: .red,
        .low: .blue, .medium: .default, .high: .red,
        .created: .green, .deleted: .red, .statusChanged: .yellow, .priorityChanged: .magenta, .people: .cyan, .dependencies: .blue,
    ])

    public subscript(role: Role) -> Style.Color { colors[role] ?? .default }

    public func color(_ status: TaskStatus) -> Style.Color {
        switch status {
        case .todo: self[.todo]
        case .inProgress: self[.inProgress]
        case .done: self[.done]
        case .invalid: self[.invalid]
        }
    }

    public func color(_ priority: TaskPriority) -> Style.Color {
        switch priority {
        case .low: self[.low]
        case .medium: self[.medium]
        case .high: self[.high]
        }
    }

    public var error: Style { Style(self[.error], bold: true) }

    /// This theme with some roles recoloured (`["error": "magenta"]`), as `tui.colors` gives them.
    /// - Throws: `TUIConfigurationError` naming the entry: an unknown role or colour.
    public func overriding(_ overrides: [String: String]) throws(TUIConfigurationError) -> Theme {
        var theme = self
        for (name, colorName) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let role = Role(rawValue: name) else {
                throw TUIConfigurationError("tui.colors.\(name): no such role (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let color = Style.Color.allCases.first(where: { String(describing: $0) == colorName.lowercased() }) else {
                throw TUIConfigurationError("tui.colors.\(name): '\(colorName)' is not a colour (\(Style.Color.allCases.map { String(describing: $0) }.joined(separator: ", ")))")
            }
            theme.colors[role] = color
        }
        return theme
    }
}
