import IsomorphiqCore
import Foundation

/// One row of the key table: the keys, what they do, and how the help overlay describes it.
public struct KeyBinding: Sendable, Hashable {
    /// Where the binding applies. `.global` bindings work in every pane.
    public enum Scope: String, Sendable, Hashable {
        case global = "Everywhere"
        case list = "Task list"
        case feed = "Event feed"
    }

    public var keys: [Key]
    public var action: Action
    public var scope: Scope
    public var help: String

    public init(_ keys: [Key], _ action: Action, _ help: String) {
        self.init(keys, action, .global, help)
    }

    public init(_ keys: [Key], _ action: Action, _ scope: Scope, _ help: String) {
        self.keys = keys
        self.action = action
        self.scope = scope
        self.help = help
    }

    /// The keys as the help overlay shows them (`j ↓`).
    public var keyLabel: String { keys.map(\.label).joined(separator: " ") }
}
