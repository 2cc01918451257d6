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

    public init(seq: Int64, type: EventType, task: TaskItem?) {
        self.seq = seq
        self.type = type
        self.task = task
    }

    public init(_ event: Event) {
        self.init(seq: event.seq, type: event.type, task: event.payload.task)
    }
}
