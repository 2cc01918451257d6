import Foundation
import Hummingbird
import IsomorphiqCore

/// The log: `GET /api/events?after=&types=&limit=` and `GET /api/tasks/{id}/events`.
struct EventRoutes {
    let components: ServerComponents
    static let maxLimit = 1000
    /// The largest seq a JSON number carries exactly.
    static let maxSeq: Int64 = 9_007_199_254_740_991

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("events", use: events)
        group.get("tasks/:id/events", use: taskEvents)
    }

    @Sendable func events(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var query = EventQuery()
        if let raw = parameters.get("after") {
            guard let after = Int64(raw), (0...Self.maxSeq).contains(after) else { throw APIError.badRequest("after must be a seq (0 to 2^53-1)", field: "after") }
            query.afterSeq = after
        }
        if let raw = parameters.get("types"), !raw.isEmpty {
            query.types = try Self.types(raw)
        }
        let limit = try Self.limit(parameters.get("limit"))
        query.limit = limit
        return try await respond(query, limit: limit)
    }

    @Sendable func taskEvents(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try TaskRoutes.taskID(context)
        let limit = try Self.limit(request.uri.queryParameters.get("limit"))
        var query = EventQuery(taskID: id, limit: limit)
        if let raw = request.uri.queryParameters.get("after") {
            guard let after = Int64(raw), (0...Self.maxSeq).contains(after) else { throw APIError.badRequest("after must be a seq (0 to 2^53-1)", field: "after") }
            query.afterSeq = after
        }
        let response = try await respond(query, limit: limit)
        return response
    }

    private func respond(_ query: EventQuery, limit: Int) async throws -> Response {
        let store = components.store
        let (events, last, first): ([Event], Int64, Int64)
        do {
            last = try await store.lastSeq()
            var bounded = query
            bounded.throughSeq = last
            events = try await store.read(bounded)
            first = try await store.firstSeq()
        } catch {
            throw APIError(.serviceUnavailable, code: "unavailable", message: "the event store cannot be read: \(error)")
        }
        if query.taskID != nil, events.isEmpty, query.afterSeq == nil, let id = query.taskID, components.bus.board[id] == nil {
            throw APIError.notFound("no task \(id.wire) and no events about it")
        }
        let next = events.count == limit ? events.last?.seq : nil
        return try JSONResponse.make(EventListEnvelope(seq: last, firstSeq: first, events: events, nextAfter: next), seq: last)
    }

    static func types(_ raw: String) throws -> Set<EventType> {
        var types: Set<EventType> = []
        for name in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let type = EventType(rawValue: name) else { throw APIError.badRequest("unknown event type '\(name)'", field: "types") }
            types.insert(type)
        }
        return types
    }

    static func limit(_ raw: String?) throws -> Int {
        guard let raw else { return 100 }
        guard let value = Int(raw), (1...maxLimit).contains(value) else { throw APIError.badRequest("limit must be 1–\(maxLimit)", field: "limit") }
        return value
    }
}
