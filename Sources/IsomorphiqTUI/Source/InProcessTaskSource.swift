public import IsomorphiqCore
public import Foundation

/// The source for a UI in the same process as the bus: commands go to `TaskService`, events
/// come from a bus subscription, history from the event store.
///
/// The subscription ends rather than drops when the UI falls 65,536 events behind; the source
/// then subscribes again and sends the whole board (`.resync`), so the UI never shows a board
/// with a hole in it.
public struct InProcessTaskSource: TaskSource {
    public let service: TaskService
    public let store: any EventStore
    public let context: EventContext
    public let status: StatusInfo
    public var bufferSize: Int

    public init(service: TaskService, store: any EventStore, status: StatusInfo, sessionID: String = UUID().uuidString, bufferSize: Int = 65_536) {
        self.service = service
        self.store = store
        self.status = status
        self.context = EventContext(userId: status.user, sessionId: sessionID, source: "tui")
        self.bufferSize = bufferSize
    }

    public func connect() async throws -> TaskFeed {
        let bus = service.bus
        let bufferSize = self.bufferSize
        let first = try bus.subscribe(.all, name: "tui", bufferSize: bufferSize, policy: .end)
        let board = bus.board
        let (updates, sink) = AsyncStream.makeStream(of: SourceUpdate.self)
        let pump = Task {
            var subscription = first
            while !Task.isCancelled {
                for await event in subscription { sink.yield(.event(event)) }
                guard case .overflow = subscription.end, !Task.isCancelled else { break }
                guard let next = try? bus.subscribe(.all, name: "tui", bufferSize: bufferSize, policy: .end) else { break }
                subscription = next
                sink.yield(.resync(bus.board))
            }
            subscription.cancel()
            sink.finish()
        }
        sink.onTermination = { _ in pump.cancel() }
        return TaskFeed(board: board, updates: updates)
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
