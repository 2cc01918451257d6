public import IsomorphiqCore
import Foundation

/// The user's own changes, for `u` and Ctrl-R. An entry is every event one command or one
/// batch made; undoing it sends the compensating commands as one batch.
public struct UndoHistory: Sendable, Hashable {
    public static let limit = 100

    public private(set) var undo: [[Event]] = []
    public private(set) var redo: [[Event]] = []

    public init() {}

    /// A new change by the user: it can be undone, and nothing can be redone any more.
    public mutating func record(_ events: [Event]) {
        guard !events.isEmpty else { return }
        Self.push(events, onto: &undo)
        redo.removeAll()
    }

    /// An undo went through: its events can be redone.
    public mutating func recordUndone(_ events: [Event]) {
        Self.push(events, onto: &redo)
    }

    /// A redo went through: it can be undone again; the rest of the redo stack stays.
    public mutating func recordRedone(_ events: [Event]) {
        Self.push(events, onto: &undo)
    }

    public mutating func popUndo() -> [Event]? { undo.popLast() }
    public mutating func popRedo() -> [Event]? { redo.popLast() }

    /// A failed undo or redo goes back where it came from.
    public mutating func restoreUndo(_ events: [Event]) { undo.append(events) }
    public mutating func restoreRedo(_ events: [Event]) { redo.append(events) }

    private static func push(_ events: [Event], onto stack: inout [[Event]]) {
        stack.append(events)
        if stack.count > Self.limit { stack.removeFirst() }
    }
}
