import IsomorphiqCore

/// Turns JSON from any edge (REST, WebSocket, TCP) into task commands, validating shapes and
/// types. Domain rules (title length, transitions, permissions) stay in the task service.
enum TaskInput {
    static let batchLimit = 1000

    /// A new task: `title` required; `id`, `description`, `status`, `priority`, `assignedTo`,
    /// `collaborators`, `watchers`, `dependencies`, `tags`, `due` optional.
    static func newTask(_ reader: inout JSONObjectReader) throws(InputError) -> NewTask {
        let task = NewTask(
            id: try reader.taskID("id"),
            title: try reader.requiredString("title"),
            description: try reader.string("description"),
            status: try reader.status("status") ?? .todo,
            priority: try reader.priority("priority") ?? .default,
            assignedTo: try reader.string("assignedTo"),
            collaborators: Set(try reader.strings("collaborators") ?? []),
            watchers: Set(try reader.strings("watchers") ?? []),
            dependencies: try reader.taskIDs("dependencies") ?? [],
            tags: Set(try reader.strings("tags") ?? []),
            due: try reader.date("due") ?? nil)
        try reader.finish()
        return task
    }

    /// A partial update of `id`: `title`, `description` and `due` (`null` clears), `tags`, and
    /// also `status`, `priority`, `assignedTo`, each its own event. The version, when given,
    /// is checked against the first.
    static func patch(_ id: TaskID, _ reader: inout JSONObjectReader, expectedVersion: Int?) throws(InputError) -> [TaskCommand] {
        var actions: [TaskAction] = []
        let title = try reader.string("title")
        let description = try reader.nullableString("description")
        let tags = try reader.strings("tags").map(Set.init)
        let due = try reader.date("due")
        if title != nil || description != nil || tags != nil || due != nil {
            actions.append(.update(id, TaskPatch(title: title, description: description, tags: tags, due: due)))
        }
        if let status = try reader.status("status") { actions.append(.setStatus(id, status)) }
        if let priority = try reader.priority("priority") { actions.append(.setPriority(id, priority)) }
        if reader.has("assignedTo") { actions.append(.assign(id, try reader.string("assignedTo"))) }
        try reader.finish()
        guard !actions.isEmpty else { throw InputError("nothing to change: give at least one of title, description, tags, due, status, priority, assignedTo") }
        return actions.enumerated().map { TaskCommand($0.element, expectedVersion: $0.offset == 0 ? expectedVersion : nil) }
    }

    /// `{"add": [...], "remove": [...]}` of user names.
    static func members(_ reader: inout JSONObjectReader) throws(InputError) -> (add: Set<UserID>, remove: Set<UserID>) {
        let add = Set(try reader.strings("add") ?? [])
        let remove = Set(try reader.strings("remove") ?? [])
        try reader.finish()
        guard !add.isEmpty || !remove.isEmpty else { throw InputError("give add or remove (arrays of user names)") }
        return (add, remove)
    }

    /// `{"add": [ids], "remove": [ids]}` of task ids, as one command per edge.
    static func dependencies(_ id: TaskID, _ reader: inout JSONObjectReader) throws(InputError) -> [TaskCommand] {
        let add = try reader.taskIDs("add") ?? []
        let remove = try reader.taskIDs("remove") ?? []
        try reader.finish()
        guard !add.isEmpty || !remove.isEmpty else { throw InputError("give add or remove (arrays of task ids)") }
        return add.sorted { $0.wire < $1.wire }.map { TaskCommand(.addDependency(id, dependsOn: $0)) }
            + remove.sorted { $0.wire < $1.wire }.map { TaskCommand(.removeDependency(id, dependsOn: $0)) }
    }

    /// One operation of a batch: `{"action": "...", "id": ..., "expectedVersion": n, ...fields}`.
    static func batchCommand(_ value: JSONValue, index: Int) throws(InputError) -> [TaskCommand] {
        var reader = try JSONObjectReader(value, path: "operations[\(index)]")
        let action = try reader.requiredString("action")
        let version = try reader.int("expectedVersion")
        switch action {
        case "create":
            return [TaskCommand(.create(try newTask(&reader)))]
        case "delete":
            let id = try reader.requiredTaskID("id")
            try reader.finish()
            return [TaskCommand(.delete(id), expectedVersion: version)]
        case "update":
            let id = try reader.requiredTaskID("id")
            return try patch(id, &reader, expectedVersion: version)
        case "collaborators", "watchers":
            let id = try reader.requiredTaskID("id")
            let (add, remove) = try members(&reader)
            let taskAction: TaskAction = action == "watchers" ? .updateWatchers(id, add: add, remove: remove) : .updateCollaborators(id, add: add, remove: remove)
            return [TaskCommand(taskAction, expectedVersion: version)]
        case "dependencies":
            let id = try reader.requiredTaskID("id")
            return try dependencies(id, &reader)
        default:
            throw InputError("operations[\(index)].action must be one of create, update, delete, collaborators, watchers, dependencies", field: "operations[\(index)].action")
        }
    }

    /// `{"operations": [...]}`, at most `batchLimit`.
    static func batch(_ reader: inout JSONObjectReader) throws(InputError) -> [TaskCommand] {
        guard let operations = try reader.array("operations") else { throw InputError("operations is required", field: "operations") }
        try reader.finish()
        guard !operations.isEmpty else { throw InputError("operations is empty", field: "operations") }
        guard operations.count <= batchLimit else { throw InputError("at most \(batchLimit) operations per batch", field: "operations") }
        var commands: [TaskCommand] = []
        for (index, operation) in operations.enumerated() { commands += try batchCommand(operation, index: index) }
        return commands
    }
}
