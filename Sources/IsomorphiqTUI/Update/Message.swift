public import IsomorphiqCore
public import Foundation
public import IsomorphiqSource

/// Everything that can happen to the UI. Keys, the mouse, resizes, timers, bus events and
/// the results of commands all arrive as one of these, through the mailbox, one at a time.
public enum Message: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// Text the terminal pasted (bracketed paste), as one piece: never read as keys.
    case paste(String)
    /// `$EDITOR` closed on the form's description: the new text, or why it could not run.
    case edited(Result<String, ExternalEditError>)
    case resize(TerminalSize)
    /// Time passed: highlights fade, messages expire.
    case tick
    /// An event from the source (the bus in-process, a WebSocket remotely).
    case event(Event)
    /// The source lost track: the whole board again. The cursor keeps its task if it still exists.
    case resync(TaskBoard)
    /// A remote source's connection changed.
    case connection(ConnectionStatus)
    /// The whole list of connected clients, replacing what the clients pane shows.
    case clients([ClientPresence])
    case commandFinished(id: Int, Result<[Event], TaskServiceError>)
    case historyLoaded(TaskID, Result<[Event], TaskServiceError>)
    /// SIGINT or SIGTERM, or the source ended.
    case quit
}

/// Why the external editor gave nothing back; `message` says it for the form.
public struct ExternalEditError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
