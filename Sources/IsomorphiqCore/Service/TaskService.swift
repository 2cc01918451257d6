/// The write side: validates commands against the board and publishes their events on the bus.
///
/// Every command is decided inside the bus's writer (`EventBus.commit`), so the board it is
/// validated against is exactly the board its event will apply to, even under concurrency.
/// All methods throw `TaskServiceError` only.
public final class TaskService: Sendable {
    public let bus: EventBus
    public let decider: TaskDecider

    public init(bus: EventBus, decider: TaskDecider = TaskDecider()) {
        self.bus = bus
        self.decider = decider
    }

    /// The committed board.
    public var board: TaskBoard { bus.board }

    /// Applies one command. Returns its event, or `nil` when the command changed nothing.
    /// - Throws: `TaskServiceError` when the command is refused (rule, permission, conflict,
    ///   middleware); otherwise whatever the bus's store threw appending it (nothing was stored).
    @discardableResult
    public func handle(_ command: TaskCommand, as context: EventContext) async throws -> Event? {
        try await handle([command], as: context).first
    }

    /// Applies `commands` atomically and in order, each validated against the board as the
    /// earlier ones leave it, and authorised against each task as it was before the batch (so an
    /// early operation cannot grant rights to a later one): every event is stored, or none.
    /// Commands that change nothing are skipped. Returns the events; when there is more than one,
    /// they share the first one's id as `correlationId`.
    /// - Throws: as `handle(_:as:)`.
    @discardableResult
    public func handle(_ commands: [TaskCommand], as context: EventContext) async throws -> [Event] {
        let decider = self.decider
        do {
            return try await bus.commit { board in
                var pending = PendingBoard(base: board)
                var events: [Event] = []
                for command in commands {
                    for event in try decider.decide(command, on: pending, authority: board, context: context) {
                        pending.apply(event)
                        events.append(event)
                    }
                }
                if commands.count > 1 || events.count > 1, let first = events.first?.id {
                    for index in events.indices where events[index].metadata.correlationId == nil {
                        events[index].metadata.correlationId = first
                    }
                }
                return events
            }
        } catch let error as TaskServiceError {
            throw error
        } catch let error as EventBusError {
            if let rejection = error.rejection {
                throw TaskServiceError(.rejected, rejection.description, retryAfter: rejection.retryAfter)
            }
            throw TaskServiceError(.unavailable, error.description)
        } catch {
            throw TaskServiceError(.unavailable, String(describing: error))
        }
    }
}
