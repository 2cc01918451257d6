/// Rewrites each event before it goes on, e.g. to enrich its metadata.
///
/// The transform must keep the event's meaning: it runs after the event was validated against
/// the board, so changing the payload would bypass the rules. Use it for metadata.
public struct TransformMiddleware: EventMiddleware {
    public let name: String
    private let transform: @Sendable (Event) -> Event

    public init(name: String = "transform", _ transform: @escaping @Sendable (Event) -> Event) {
        self.name = name
        self.transform = transform
    }

    public func handle(_ event: Event, next: (Event) async throws -> Event) async throws -> Event {
        try await next(transform(event))
    }

    /// Fills in what a caller left out: a correlation id (the event's own id) and a session id.
    public static func enrichment(sessionId: String) -> TransformMiddleware {
        TransformMiddleware(name: "enrichment") { event in
            var event = event
            if event.metadata.correlationId == nil { event.metadata.correlationId = event.id }
            if event.metadata.sessionId == nil { event.metadata.sessionId = sessionId }
            return event
        }
    }
}
