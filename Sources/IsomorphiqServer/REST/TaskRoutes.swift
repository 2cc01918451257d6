import Foundation
import HTTPTypes
import Hummingbird
import IsomorphiqCore

/// `/api/tasks` and `/api/tasks/{id}`: list, create, read, patch, delete.
struct TaskRoutes {
    let components: ServerComponents

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("tasks", use: list)
        group.post("tasks", use: create)
        group.get("tasks/:id", use: get)
        group.patch("tasks/:id", use: patch)
        group.delete("tasks/:id", use: delete)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var query = try TaskListQuery(request.uri.queryParameters)
        query.user = context.user?.name ?? ""
        let board = components.bus.board
        let page = query.page(of: board)
        return try JSONResponse.make(TaskPageEnvelope(seq: board.lastSeq, tasks: page.tasks, total: page.total, nextCursor: page.nextCursor), seq: board.lastSeq)
    }

    @Sendable func create(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var reader = try await RequestBody.json(request, limit: components.configuration.maxBodySize)
        let new = try TaskInput.newTask(&reader)
        let events = try await run([TaskCommand(.create(new))], context)
        guard let event = events.first, let task = event.payload.task else { throw APIError(.internalServerError, code: "internal", message: "create made no event") }
        return try JSONResponse.make(
            TaskEnvelope(seq: event.seq, task: task), status: .created, seq: event.seq, etag: String(task.version),
            headers: [.location: "/api/tasks/\(task.id.wire)"])
    }

    @Sendable func get(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try Self.taskID(context)
        let board = components.bus.board
        guard let task = board[id] else { throw APIError.notFound("no task \(id.wire)") }
        return try JSONResponse.make(TaskEnvelope(seq: board.lastSeq, task: task), seq: board.lastSeq, etag: String(task.version))
    }

    @Sendable func patch(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try Self.taskID(context)
        let expected = try Self.ifMatch(request)
        var reader = try await RequestBody.json(request, limit: components.configuration.maxBodySize)
        let commands = try TaskInput.patch(id, &reader, expectedVersion: expected)
        return try await respondWithTask(id, after: run(commands, context))
    }

    @Sendable func delete(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try Self.taskID(context)
        let expected = try Self.ifMatch(request)
        let events = try await run([TaskCommand(.delete(id), expectedVersion: expected)], context)
        let seq = events.last?.seq ?? components.bus.board.lastSeq
        return try JSONResponse.make(["seq": JSONValue.number(Double(seq)), "deleted": .string(id.wire)], seq: seq)
    }

    /// Runs `commands` atomically as the request's user.
    func run(_ commands: [TaskCommand], _ context: ServerRequestContext) async throws -> [Event] {
        guard let user = context.user else { throw APIError.unauthorized }
        return try await components.service.handle(commands, as: components.context(for: user, source: "rest"))
    }

    /// The task as the events left it (or as it is, when they changed nothing).
    func respondWithTask(_ id: TaskID, after events: [Event]) throws -> Response {
        let board = components.bus.board
        let task = events.last?.payload.task ?? board[id]
        guard let task else { throw APIError.notFound("no task \(id.wire)") }
        let seq = events.last?.seq ?? board.lastSeq
        return try JSONResponse.make(TaskEnvelope(seq: seq, task: task), seq: seq, etag: String(task.version))
    }

    static func taskID(_ context: ServerRequestContext) throws -> TaskID {
        let raw = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw) else { throw APIError.badRequest("'\(raw)' is not a task id (UUID)", field: "id") }
        return id
    }

    /// `If-Match: 3`, `"3"` or `W/"3"`: the version the client expects.
    static func ifMatch(_ request: Request) throws -> Int? {
        guard let raw = request.headers[.ifMatch], !raw.trimmingCharacters(in: .whitespaces).isEmpty, raw != "*" else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(trimmed), version > 0 else { throw APIError.badRequest("If-Match must be a task version, as its ETag gives", field: "If-Match") }
        return version
    }
}
