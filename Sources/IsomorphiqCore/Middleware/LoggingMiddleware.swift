public import Logging

/// Logs every event that passes, with its type, task and actor, and every refusal downstream.
public struct LoggingMiddleware: EventMiddleware {
    public let name = "logging"
    public var logger: Logger
    public var level: Logger.Level

    public init(logger: Logger, level: Logger.Level = .debug) {
        self.logger = logger
        self.level = level
    }

    public nonisolated(nonsending) func handle(_ event: Event, next: nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event {
        do {
            let result = try await next(event)
            logger.log(level: level, "event", metadata: [
                "type": "\(event.type.rawValue)", "task": "\(event.taskID?.wire ?? "-")",
                "actor": "\(event.actor)", "source": "\(event.metadata.source)",
            ])
            return result
        } catch {
            logger.info("event refused", metadata: ["type": "\(event.type.rawValue)", "error": "\(error)"])
            throw error
        }
    }
}
