/// Refuses events by type and by source. An allow-list, when given, admits only what it names;
/// a block-list refuses what it names.
public struct FilterMiddleware: EventMiddleware {
    public let name = "filter"
    public var allowedTypes: Set<EventType>?
    public var blockedTypes: Set<EventType>
    public var allowedSources: Set<String>?
    public var blockedSources: Set<String>

    public init(allowedTypes: Set<EventType>? = nil, blockedTypes: Set<EventType> = [], allowedSources: Set<String>? = nil, blockedSources: Set<String> = []) {
        self.allowedTypes = allowedTypes
        self.blockedTypes = blockedTypes
        self.allowedSources = allowedSources
        self.blockedSources = blockedSources
    }

    public nonisolated(nonsending) func handle(_ event: Event, next: nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event {
        if blockedTypes.contains(event.type) || allowedTypes.map({ !$0.contains(event.type) }) == true {
            throw EventRejection(middleware: name, reason: "events of type \(event.type.rawValue) are not accepted")
        }
        let source = event.metadata.source
        if blockedSources.contains(source) || allowedSources.map({ !$0.contains(source) }) == true {
            throw EventRejection(middleware: name, reason: "events from source '\(source)' are not accepted")
        }
        return try await next(event)
    }
}
