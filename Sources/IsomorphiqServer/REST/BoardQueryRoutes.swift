import Hummingbird
import IsomorphiqCore

/// Derived views of the board: `GET /api/queue`, `/api/tasks/available|blocking|critical-path`.
/// Registered before `/api/tasks/{id}`; constant path components win over the parameter.
struct BoardQueryRoutes {
    let components: ServerComponents
    let criticalPath = CriticalPathCache()

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("tasks/available") { _, _ in try respond(\.available) }
        group.get("tasks/blocking") { _, _ in try respond(\.blocking) }
        group.get("tasks/critical-path") { _, _ in
            let board = components.bus.board
            return try respond(await criticalPath.path(of: board), board: board)
        }
        // The seed's work queue: what to pick up next, highest priority first, blocked tasks left out.
        group.get("queue") { _, _ in try respond(\.available) }
    }

    private func respond(_ view: (TaskBoard) -> [TaskItem]) throws -> Response {
        let board = components.bus.board
        return try respond(view(board), board: board)
    }

    private func respond(_ tasks: [TaskItem], board: TaskBoard) throws -> Response {
        try JSONResponse.make(TaskListEnvelope(seq: board.lastSeq, tasks: tasks), seq: board.lastSeq)
    }
}
