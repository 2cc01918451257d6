public import IsomorphiqCore
public import Foundation
public import Logging

/// The source for a UI in the same process as the bus: commands go to `TaskService`, events
/// come from a bus subscription, history from the event store.
///
/// The bus subscription is consumed directly into the feed's bounded channel: when the UI is
/// slow the subscription fills, and it ends rather than drops once it holds `bufferSize`
/// (65,536) events; the source then subscribes again and sends the whole board (`.resync`,
/// logged and counted in `resyncs`), so the UI never shows a board with a hole in it.
public struct InProcessTaskSource: TaskSource {
    public let service: TaskService
    public let store: any EventStore
    public let context: EventContext
    public let status: StatusInfo
    public var bufferSize: Int
    public let logger: Logger
    /// How many times the UI fell behind and was sent the whole board.
    public let resyncs = ResyncCounter()

    public init(
        service: TaskService, store: any EventStore, status: StatusInfo, sessionID: String = UUID().uuidString, bufferSize: Int = 65_536,
        logger: Logger = Logger(label: "isomorphiq.tui.source")
    ) {
        self.service = service
        self.store = store
        self.status = status
        self.context = EventContext(userId: status.user, sessionId: sessionID, source: "tui")
        self.bufferSize = bufferSize
        self.logger = logger
    }

    public func connect() async throws -> TaskFeed {
        let bus = service.bus
        let bufferSize = self.bufferSize
        let logger = self.logger
        let resyncs = self.resyncs
        let first = try bus.subscribe(.all, name: "tui", bufferSize: bufferSize, policy: .end)
        let board = bus.board
        let updates = UpdateChannel()
        let pump = Task {
            var subscription = first
            consuming: while !Task.isCancelled {
                for await event in subscription {
                    guard await updates.send(.event(event)) else { break consuming }
                }
                guard case .overflow = subscription.end, !Task.isCancelled else { break }
                guard let next = try? bus.subscribe(.all, name: "tui", bufferSize: bufferSize, policy: .end) else { break }
                subscription = next
                let count = resyncs.increment()
                logger.warning(
                    "the terminal UI fell behind the bus by \(bufferSize) events; it is sent the whole board again",
                    metadata: ["resyncs": "\(count)"])
                guard await updates.send(.resync(bus.board)) else { break }
            }
            subscription.cancel()
            updates.finish()
        }
        updates.onFinish { pump.cancel() }
        let recent = (try? await store.read(EventQuery(afterSeq: max(0, board.lastSeq - Int64(TaskFeed.recentLimit)), throughSeq: board.lastSeq))) ?? []
        return TaskFeed(board: board, updates: updates, recent: recent)
    }

    public func send(_ commands: [TaskCommand]) async throws(TaskServiceError) -> [Event] {
        do {
            return try await service.handle(commands, as: context)
        } catch let error as TaskServiceError {
            throw error
        } catch {
            throw TaskServiceError(.unavailable, String(describing: error))
        }
    }

    public func history(of id: TaskID) async throws(TaskServiceError) -> [Event] {
        do {
            return try await store.read(EventQuery(taskID: id))
        } catch {
            throw TaskServiceError(.unavailable, "cannot read the history: \(error)")
        }
    }
}
