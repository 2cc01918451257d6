public import IsomorphiqCore
public import Foundation

/// What `update` asks the program loop to do. Data only: the loop performs it and reports the
/// outcome back as a message.
public enum Effect: Sendable, Hashable {
    /// Send the commands as one atomic batch; the result comes back as `.commandFinished(id:)`.
    case send(id: Int, [TaskCommand])
    /// Read a task's history; it comes back as `.historyLoaded`.
    case loadHistory(TaskID)
    /// Clear the terminal and draw every cell again.
    case repaint
    /// Reconnect now instead of waiting out the backoff (a remote source that is offline).
    case retryConnection
    /// Leave the screen, edit `text` in `$VISUAL`/`$EDITOR` (else `vi`), come back; the result
    /// arrives as `.edited`. The program loop does it on the terminal's thread.
    case editExternally(String)
    case quit
}
