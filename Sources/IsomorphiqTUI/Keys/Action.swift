import IsomorphiqCore
import Foundation

/// Everything a key (or the command palette) can ask the UI to do in the normal mode.
/// The key table maps keys to these; `update` carries them out.
public enum Action: Sendable, Hashable {
    case moveDown, moveUp, top, bottom, pageUp, pageDown
    case nextPane, previousPane, openDetail, closeOverlay
    case newTask, edit, delete
    case nextStatus, setStatus(TaskStatusChoice)
    case raisePriority, lowerPriority
    case assign, collaborators, toggleWatch, dependency, tags
    case filter, clearFilter, sort, reverseSort, toggleSelect
    case undo, redo
    case help, palette, messages, quit, repaint, retryNow
    case toggleFollow, feedTypeFilter
}

/// A status by its number key, so `Action` stays independent of Core's raw values.
public enum TaskStatusChoice: Int, Sendable, Hashable, CaseIterable {
    case todo = 1, inProgress, done, invalid
}
