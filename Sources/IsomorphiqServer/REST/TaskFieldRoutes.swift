import Hummingbird
import IsomorphiqCore

/// The seed's one-field routes: `PUT /api/tasks/{id}/status|priority|assign|collaborators|watchers|dependencies`,
/// and the atomic `POST /api/tasks/batch`.
struct TaskFieldRoutes {
    let tasks: TaskRoutes
    var components: ServerComponents { tasks.components }

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.put("tasks/:id/status") { request, context in
            try await field(request, context) { id, reader throws(InputError) in
                guard let status = try reader.status("status") else { throw InputError("status is required", field: "status") }
                return [.setStatus(id, status)]
            }
        }
        group.put("tasks/:id/priority") { request, context in
            try await field(request, context) { id, reader throws(InputError) in
                guard let priority = try reader.priority("priority") else { throw InputError("priority is required", field: "priority") }
                return [.setPriority(id, priority)]
            }
        }
        group.put("tasks/:id/assign") { request, context in
            try await field(request, context) { id, reader throws(InputError) in
                guard reader.has("assignedTo") else { throw InputError("assignedTo is required (null unassigns)", field: "assignedTo") }
                return [.assign(id, try reader.string("assignedTo"))]
            }
        }
        group.put("tasks/:id/collaborators") { request, context in
            try await field(request, context, finished: true) { id, reader throws(InputError) in
                let (add, remove) = try TaskInput.members(&reader)
                return [.updateCollaborators(id, add: add, remove: remove)]
            }
        }
        group.put("tasks/:id/watchers") { request, context in
            try await field(request, context, finished: true) { id, reader throws(InputError) in
                let (add, remove) = try TaskInput.members(&reader)
                return [.updateWatchers(id, add: add, remove: remove)]
            }
        }
        group.put("tasks/:id/dependencies") { request, context in
            try await field(request, context, finished: true) { id, reader throws(InputError) in
                try TaskInput.dependencies(id, &reader).map(\.action)
            }
        }
        group.post("tasks/batch", use: batch)
    }

    /// Reads the body, makes the actions, runs them as one command (with `If-Match` on the first).
    private func field(
        _ request: Request, _ context: ServerRequestContext, finished: Bool = false,
        _ makeActions: (TaskID, inout JSONObjectReader) throws(InputError) -> [TaskAction]
    ) async throws -> Response {
        let id = try TaskRoutes.taskID(context)
        let expected = try TaskRoutes.ifMatch(request)
        var reader = try await RequestBody.json(request, limit: components.configuration.maxBodySize)
        let actions = try makeActions(id, &reader)
        if !finished { try reader.finish() }
        let commands = actions.enumerated().map { TaskCommand($0.element, expectedVersion: $0.offset == 0 ? expected : nil) }
        return try tasks.respondWithTask(id, after: await tasks.run(commands, context))
    }

    @Sendable func batch(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var reader = try await RequestBody.json(request, limit: components.configuration.maxBodySize)
        let commands = try TaskInput.batch(&reader)
        let events = try await tasks.run(commands, context)
        let seq = events.last?.seq ?? components.bus.board.lastSeq
        return try JSONResponse.make(BatchEnvelope(seq: seq, events: events), seq: seq)
    }
}

/// `{"seq", "events"}`: what a batch did.
struct BatchEnvelope: Encodable {
    var seq: Int64
    var events: [Event]
}
