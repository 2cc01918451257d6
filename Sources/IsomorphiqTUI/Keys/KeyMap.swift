import IsomorphiqCore
import Foundation

/// The one table of key bindings. It drives dispatch in `update`, the `?` help overlay and the
/// `:` command palette, so the three can never disagree.
public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The action `key` triggers in `pane`: a pane-scoped binding wins over a global one.
    public func action(for key: Key, in pane: Pane) -> Action? {
        let scope: KeyBinding.Scope? = switch pane {
        case .list, .detail: .list
        case .feed: .feed
        case .clients: nil
        }
        if let scope, let hit = bindings.first(where: { $0.scope == scope && $0.keys.contains(key) }) {
            return hit.action
        }
        return bindings.first(where: { $0.scope == .global && $0.keys.contains(key) })?.action
    }

    /// The first binding for `action`, for hints and the palette.
    public func binding(for action: Action) -> KeyBinding? {
        bindings.first { $0.action == action }
    }

    public static let standard = KeyMap(bindings: [
        KeyBinding([.char("j"), .down], .moveDown, "move down"),
        KeyBinding([.char("k"), .up], .moveUp, "move up"),
        KeyBinding([.char("g"), .home], .top, "go to the top"),
        KeyBinding([.char("G"), .end], .bottom, "go to the bottom"),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, "page up"),
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, "page down"),
        KeyBinding([.tab], .nextPane, "next pane"),
        KeyBinding([.backTab], .previousPane, "previous pane"),
        KeyBinding([.enter], .openDetail, .list, "show the task's details and history"),
        KeyBinding([.escape], .closeOverlay, "close, clear selection"),
        KeyBinding([.char("n")], .newTask, .list, "new task (form)"),
        KeyBinding([.char("e")], .edit, .list, "edit the task (form)"),
        KeyBinding([.char("d")], .delete, .list, "delete the task (asks first)"),
        KeyBinding([.char("s")], .nextStatus, .list, "next status (todo → in-progress → done)"),
        KeyBinding([.char("1")], .setStatus(.todo), .list, "status todo"),
        KeyBinding([.char("2")], .setStatus(.inProgress), .list, "status in-progress"),
        KeyBinding([.char("3")], .setStatus(.done), .list, "status done"),
        KeyBinding([.char("4")], .setStatus(.invalid), .list, "status invalid"),
        KeyBinding([.char("+"), .char("=")], .raisePriority, .list, "raise priority"),
        KeyBinding([.char("-")], .lowerPriority, .list, "lower priority"),
        KeyBinding([.char("a")], .assign, .list, "assign (empty unassigns)"),
        KeyBinding([.char("c")], .collaborators, .list, "edit collaborators"),
        KeyBinding([.char("w")], .toggleWatch, .list, "watch or unwatch yourself"),
        KeyBinding([.char("D")], .dependency, .list, "add or remove a dependency (picker)"),
        KeyBinding([.char("t")], .tags, .list, "edit tags"),
        KeyBinding([.char("/")], .filter, .list, "filter (status:todo priority:high @alice +tag text)"),
        KeyBinding([.char("x")], .clearFilter, .list, "clear the filter"),
        KeyBinding([.char("o")], .sort, .list, "next sort order"),
        KeyBinding([.char("O")], .reverseSort, .list, "reverse the sort order"),
        KeyBinding([.char("v"), .char(" ")], .toggleSelect, .list, "select several (then s 1-4 + -)"),
        KeyBinding([.char("u")], .undo, "undo your last change"),
        KeyBinding([.ctrl("r")], .redo, "redo"),
        KeyBinding([.char("p"), .char(" ")], .toggleFollow, .feed, "pause or follow the feed"),
        KeyBinding([.char("f")], .feedTypeFilter, .feed, "filter the feed by event type"),
        KeyBinding([.char("?")], .help, "this help"),
        KeyBinding([.char(":")], .palette, "command palette"),
        KeyBinding([.char("M")], .messages, "read the last messages in full"),
        KeyBinding([.ctrl("l")], .repaint, "repaint the whole screen"),
        KeyBinding([.char("R")], .retryNow, "offline: reconnect now, without waiting"),
        KeyBinding([.char("q"), .ctrl("c")], .quit, "quit"),
    ])
}
