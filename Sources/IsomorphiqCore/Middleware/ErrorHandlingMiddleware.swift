public import Logging

/// Wraps everything after it: an error thrown downstream that is not already a rejection is
/// logged and turned into a typed `EventRejection`, so publishers see one kind of refusal.
/// Register it first.
public struct ErrorHandlingMiddleware: EventMiddleware {
    public let name = "error-handling"
    public var logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public nonisolated(nonsending) func handle(_ event: Event, next: nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event {
        do {
            return try await next(event)
        } catch let rejection as EventRejection {
            throw rejection
        } catch let error as EventBusError {
            throw error
        } catch {
            logger.error("middleware failed", metadata: ["type": "\(event.type.rawValue)", "error": "\(error)"])
            throw EventRejection(middleware: name, reason: "the pipeline failed: \(error)")
        }
    }
}
