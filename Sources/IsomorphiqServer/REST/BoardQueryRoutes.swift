import Hummingbird
import IsomorphiqCore

/// Derived views of the board: `GET /api/queue`, `/api/tasks/available|blocking|critical-path`.
/// Registered before `/api/tasks/{id}`; constant path components win over the parameter.
struct BoardQueryRoutes {
    let components: ServerComponents

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("tasks/available") { _, _ in try respond(\.available) }
        group.get("tasks/blocking") { _, _ in try respond(\.blocking) }
        group.get("tasks/critical-path") { _, _ in try respond(CriticalPath.of) }
        // The seed's work queue: what to pick up next, highest priority first, blocked tasks left out.
        group.get("queue") { _, _ in try respond(\.available) }
    }

    private func respond(_ view: (TaskBoard) -> [TaskItem]) throws -> Response {
        let board = components.bus.board
        return try JSONResponse.make(TaskListEnvelope(seq: board.lastSeq, tasks: view(board)), seq: board.lastSeq)
    }
}
