public import IsomorphiqCore
import Foundation

/// Why a command was sent, so its result lands in the right place.
public enum PendingCommand: Sendable, Hashable {
    /// A change from a key; on success it becomes an undo entry. The label names it in errors.
    case change(String)
    /// The form's submit; errors go back into the form.
    case form
    /// The dependency picker's toggle; errors stay in the picker.
    case picker
    /// Undoing these events.
    case undo([Event])
    /// Redoing (undoing the undo of) these events.
    case redo([Event])
}
