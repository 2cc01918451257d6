import Foundation

extension Action {
    /// Every action, in the key table's order of thought; configuration names them by `name`.
    public static let all: [Action] = [
        .moveDown, .moveUp, .top, .bottom, .pageUp, .pageDown, .nextPane, .previousPane, .openDetail, .closeOverlay,
        .newTask, .edit, .delete, .nextStatus, .setStatus(.todo), .setStatus(.inProgress), .setStatus(.done), .setStatus(.invalid),
        .raisePriority, .lowerPriority, .assign, .collaborators, .toggleWatch, .dependency, .tags,
        .filter, .clearFilter, .sort, .reverseSort, .toggleSelect, .undo, .redo,
        .help, .palette, .messages, .quit, .repaint, .retryNow, .toggleFollow, .feedTypeFilter,
    ]

    /// The name in the configuration file's `tui.keys` (`moveDown`, `statusDone`).
    public var name: String {
        switch self {
        case .setStatus(.todo): "statusTodo"
        case .setStatus(.inProgress): "statusInProgress"
        case .setStatus(.done): "statusDone"
        case .setStatus(.invalid): "statusInvalid"
        default: String(describing: self)
        }
    }

    public init?(name: String) {
        guard let found = Self.all.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}
