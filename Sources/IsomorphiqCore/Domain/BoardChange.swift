/// What one event does to the board: the least `TaskBoard.apply` reads of it.
///
/// Replay folds these instead of whole events when it only builds a board (`EventCodec.decodeBoardChange`
/// reads them without the metadata, ids and the rest of the payload). `TaskBoard.apply(_: Event)`
/// goes through the same type, so both folds are the same reducer.
public struct BoardChange: Sendable, Hashable {
    public var seq: Int64
    public var type: EventType
    /// The task as the event leaves it (`EventPayload.task`); `nil` for system events.
    public var task: TaskItem?
    /// Why the stored event does not decode, for a placeholder that stands in for it
    /// (`unreadable(seq:detail:)`); `nil` for every real change. A board leaves placeholders out.
    public var unreadable: String?

    public init(seq: Int64, type: EventType, task: TaskItem?) {
        self.seq = seq
        self.type = type
        self.task = task
    }

    /// A placeholder for the stored event at `seq` that does not decode: it changes no task.
    public static func unreadable(seq: Int64, detail: String) -> BoardChange {
        var change = BoardChange(seq: seq, type: .systemStarted, task: nil)
        change.unreadable = detail
        return change
    }

    public init(_ event: Event) {
        self.init(seq: event.seq, type: event.type, task: event.payload.task)
    }
}
