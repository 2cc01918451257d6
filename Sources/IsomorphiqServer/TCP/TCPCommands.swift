import Foundation
import IsomorphiqCore

/// The seed's TCP commands, each a function of its `data` object and the acting user, answering
/// with the `data` of the reply. Errors are thrown as `TCPReplyError` (or the service's, mapped
/// by the session).
struct TCPCommands {
    let components: ServerComponents

    static let names: Set<String> = [
        "create_task", "list_tasks", "get_task", "update_task", "update_task_status", "update_task_priority",
        "delete_task", "search_tasks", "subscribe",
    ]

    func run(_ command: String, data: JSONValue, user: AuthenticatedUser) async throws -> JSONValue {
        var reader = try JSONObjectReader(data == .null ? .object([:]) : data, path: "data")
        switch command {
        case "create_task":
            let new = try TaskInput.newTask(&reader)
            return try await taskReply(handle([TaskCommand(.create(new))], user), id: nil)
        case "get_task":
            let id = try reader.requiredTaskID("id")
            try reader.finish()
            let board = components.bus.board
            guard let task = board[id] else { throw TaskServiceError.notFound(id) }
            return try encode(TaskEnvelope(seq: board.lastSeq, task: task))
        case "list_tasks", "search_tasks":
            var values: [String: String] = [:]
            for key in ["status", "priority", "assignee", "tag", "text", "sort", "limit", "cursor", "query", "q"] {
                switch reader.value(key) {
                case .string(let text)?: values[key] = text
                case .number(let number)?: values[key] = String(Int(number))
                case nil, .null?: break
                default: throw InputError("data.\(key) must be a string", field: "data.\(key)")
                }
            }
            try reader.finish()
            if let query = values.removeValue(forKey: "query") { values["text"] = query }
            if command == "search_tasks", values["text"] == nil { throw InputError("data.query is required", field: "data.query") }
            var query = try TaskListQuery { values[$0] }
            query.user = user.name
            let board = components.bus.board
            let page = query.page(of: board)
            return try encode(TaskPageEnvelope(seq: board.lastSeq, tasks: page.tasks, total: page.total, nextCursor: page.nextCursor))
        case "update_task":
            let id = try reader.requiredTaskID("id")
            let version = try reader.int("expectedVersion")
            return try await taskReply(handle(TaskInput.patch(id, &reader, expectedVersion: version), user), id: id)
        case "update_task_status":
            let id = try reader.requiredTaskID("id")
            guard let status = try reader.status("status") else { throw InputError("data.status is required", field: "data.status") }
            try reader.finish()
            return try await taskReply(handle([TaskCommand(.setStatus(id, status))], user), id: id)
        case "update_task_priority":
            let id = try reader.requiredTaskID("id")
            guard let priority = try reader.priority("priority") else { throw InputError("data.priority is required", field: "data.priority") }
            try reader.finish()
            return try await taskReply(handle([TaskCommand(.setPriority(id, priority))], user), id: id)
        case "delete_task":
            let id = try reader.requiredTaskID("id")
            try reader.finish()
            let events = try await handle([TaskCommand(.delete(id))], user)
            return .object(["seq": .number(Double(events.last?.seq ?? components.bus.board.lastSeq)), "deleted": .string(id.wire)])
        default:
            throw InputError("unknown command '\(command)' (\(Self.names.sorted().joined(separator: ", ")))", field: "command")
        }
    }

    private func handle(_ commands: [TaskCommand], _ user: AuthenticatedUser) async throws -> [Event] {
        try await components.service.handle(commands, as: components.context(for: user, source: "tcp"))
    }

    private func taskReply(_ events: [Event], id: TaskID?) throws -> JSONValue {
        let board = components.bus.board
        guard let task = events.last?.payload.task ?? id.flatMap({ board[$0] }) else { throw InputError("the task is gone") }
        return try encode(TaskEnvelope(seq: events.last?.seq ?? board.lastSeq, task: task))
    }

    private func encode(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
