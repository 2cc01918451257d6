/// One stage of the bus's pipeline. Runs before an event is stored or seen by anyone.
///
/// A middleware passes the event on by calling `next` (possibly with a transformed event) and
/// returning what `next` returned, or refuses it by throwing (an `EventRejection`, or any error,
/// which the bus reports as a rejection). A refused event fails its publish and leaves no trace.
/// Each call runs under the bus's middleware timeout; a middleware that stalls past it fails the
/// publish with a timeout naming it.
///
/// `handle` and `next` are `nonisolated(nonsending)`: they run on the bus's writer, not hopping to
/// the global executor for every stage of every event. A middleware that needs an actor awaits it
/// explicitly (and pays the hop only there).
public protocol EventMiddleware: Sendable {
    /// Shown in logs, metrics and timeout errors.
    var name: String { get }

    nonisolated(nonsending) func handle(_ event: Event, next: nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event
}

/// A middleware's refusal of an event.
public struct EventRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The middleware that refused.
    public var middleware: String
    public var reason: String
    /// For rate limits: how long until the same event would be accepted.
    public var retryAfter: Duration?

    public init(middleware: String, reason: String, retryAfter: Duration? = nil) {
        self.middleware = middleware
        self.reason = reason
        self.retryAfter = retryAfter
    }

    public var description: String {
        "\(middleware) rejected the event: \(reason)"
    }
}

/// A middleware made from a closure, for tests and small adaptations.
public struct ClosureMiddleware: EventMiddleware {
    public let name: String
    private let body: nonisolated(nonsending) @Sendable (Event, nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event

    public init(name: String, _ body: nonisolated(nonsending) @escaping @Sendable (Event, nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event) {
        self.name = name
        self.body = body
    }

    public nonisolated(nonsending) func handle(_ event: Event, next: nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event {
        try await body(event, next)
    }
}
