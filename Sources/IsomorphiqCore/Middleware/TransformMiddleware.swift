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

    public nonisolated(nonsending) func handle(_ event: Event, next: nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event {
        try await next(transform(event))
    }

    /// Fills in what a caller left out: a correlation id (the event's own id) and a session id.
    public static func enrichment(sessionId: String) -> TransformMiddleware {
        TransformMiddleware(name: "enrichment") { event in
            guard event.metadata.correlationId == nil || event.metadata.sessionId == nil else { return event }
            var metadata = event.metadata
            if metadata.correlationId == nil { metadata.correlationId = event.id }
            if metadata.sessionId == nil { metadata.sessionId = sessionId }
            return event.withMetadata(metadata)
        }
    }
}
