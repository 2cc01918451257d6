import Foundation

/// Each event type's `data`, read into its payload struct with the `Codable` path's rules: the keys
/// the struct does not have are ignored, optional ones may be absent or `null`.
extension JSONByteReader {
    /// The fields any payload may have; each type picks those it declares.
    private struct Fields {
        var task: TaskItem?, taskId: TaskID?, actor: UserID?
        var oldStatus: TaskStatus?, newStatus: TaskStatus?, oldPriority: TaskPriority?, newPriority: TaskPriority?
        var oldAssignee: UserID?, assignedTo: UserID?, changes: [String: FieldChange]?
        var added: Set<UserID> = [], removed: Set<UserID> = [], members: Set<UserID>?
        var otherTask: TaskID?
        var connectionId: String?, user: UserID?, program: String?, address: String?, at: Date?
        var version: String?, message: String?
    }

    mutating func payload(_ type: EventType) throws(EventCodecError) -> EventPayload {
        let f = try fields(for: type)
        func need<T>(_ value: T?, _ key: String) throws(EventCodecError) -> T {
            guard let value else { throw EventCodecError(.missingKey(key, in: "data of \(type.rawValue)"), at: index) }
            return value
        }
        switch type {
        case .taskCreated:
            return .taskCreated(TaskCreated(task: try need(f.task, "task"), createdBy: try need(f.actor, "createdBy")))
        case .taskUpdated:
            return .taskUpdated(TaskUpdated(
                taskId: try need(f.taskId, "taskId"), task: try need(f.task, "task"),
                changes: try need(f.changes, "changes"), updatedBy: try need(f.actor, "updatedBy")))
        case .taskDeleted:
            return .taskDeleted(TaskDeleted(
                taskId: try need(f.taskId, "taskId"), task: try need(f.task, "task"), deletedBy: try need(f.actor, "deletedBy")))
        case .taskStatusChanged:
            return .taskStatusChanged(TaskStatusChanged(
                taskId: try need(f.taskId, "taskId"), oldStatus: try need(f.oldStatus, "oldStatus"),
                newStatus: try need(f.newStatus, "newStatus"), task: try need(f.task, "task"), updatedBy: try need(f.actor, "updatedBy")))
        case .taskPriorityChanged:
            return .taskPriorityChanged(TaskPriorityChanged(
                taskId: try need(f.taskId, "taskId"), oldPriority: try need(f.oldPriority, "oldPriority"),
                newPriority: try need(f.newPriority, "newPriority"), task: try need(f.task, "task"),
                updatedBy: try need(f.actor, "updatedBy")))
        case .taskAssigned:
            return .taskAssigned(TaskAssigned(
                taskId: try need(f.taskId, "taskId"), oldAssignee: f.oldAssignee, assignedTo: f.assignedTo,
                task: try need(f.task, "task"), updatedBy: try need(f.actor, "updatedBy")))
        case .taskCollaboratorsUpdated, .taskWatchersUpdated:
            let members = TaskMembersUpdated(
                taskId: try need(f.taskId, "taskId"), added: f.added, removed: f.removed,
                members: try need(f.members, type == .taskWatchersUpdated ? "watchers" : "collaborators"),
                task: try need(f.task, "task"), updatedBy: try need(f.actor, "updatedBy"))
            return type == .taskWatchersUpdated ? .taskWatchersUpdated(members) : .taskCollaboratorsUpdated(members)
        case .taskDependencyAdded:
            return .taskDependencyAdded(TaskDependencyAdded(
                taskId: try need(f.taskId, "taskId"), dependsOn: try need(f.otherTask, "dependsOn"),
                task: try need(f.task, "task"), updatedBy: try need(f.actor, "updatedBy")))
        case .taskDependencyRemoved:
            return .taskDependencyRemoved(TaskDependencyRemoved(
                taskId: try need(f.taskId, "taskId"), dependencyRemoved: try need(f.otherTask, "dependencyRemoved"),
                task: try need(f.task, "task"), updatedBy: try need(f.actor, "updatedBy")))
        case .clientConnected, .clientDisconnected:
            let presence = ClientPresence(
                connectionId: try need(f.connectionId, "connectionId"), user: try need(f.user, "user"),
                program: try need(f.program, "program"), address: try need(f.address, "address"), at: try need(f.at, "at"))
            return type == .clientConnected ? .clientConnected(presence) : .clientDisconnected(presence)
        case .systemStarted, .systemShutdown:
            let notice = SystemNotice(version: try need(f.version, "version"), message: f.message)
            return type == .systemStarted ? .systemStarted(notice) : .systemShutdown(notice)
        }
    }

    /// Reads the `data` object, keeping the keys `type`'s payload declares and skipping the rest.
    private mutating func fields(for type: EventType) throws(EventCodecError) -> Fields {
        try beginObject("data")
        var f = Fields()
        let actorKey: StaticString = switch type {
        case .taskCreated: "createdBy"
        case .taskDeleted: "deletedBy"
        default: "updatedBy"
        }
        let isTask = type.isTaskEvent
        let isMembers = type == .taskCollaboratorsUpdated || type == .taskWatchersUpdated
        let membersKey: StaticString = type == .taskWatchersUpdated ? "watchers" : "collaborators"
        let otherTaskKey: StaticString = type == .taskDependencyRemoved ? "dependencyRemoved" : "dependsOn"
        let isPresence = type == .clientConnected || type == .clientDisconnected
        let isNotice = type == .systemStarted || type == .systemShutdown
        var first = true
        while let key = try nextKey(&first) {
            if isTask, key.matches("task") { f.task = try task() }
            else if isTask, type != .taskCreated, key.matches("taskId") { f.taskId = try uuid("taskId") }
            else if isTask, key.matches(actorKey) { f.actor = try string(actorKey) }
            else if type == .taskStatusChanged, key.matches("oldStatus") { f.oldStatus = try status("oldStatus") }
            else if type == .taskStatusChanged, key.matches("newStatus") { f.newStatus = try status("newStatus") }
            else if type == .taskPriorityChanged, key.matches("oldPriority") { f.oldPriority = try priority("oldPriority") }
            else if type == .taskPriorityChanged, key.matches("newPriority") { f.newPriority = try priority("newPriority") }
            else if type == .taskAssigned, key.matches("oldAssignee") { f.oldAssignee = try optionalString("oldAssignee") }
            else if type == .taskAssigned, key.matches("assignedTo") { f.assignedTo = try optionalString("assignedTo") }
            else if type == .taskUpdated, key.matches("changes") { f.changes = try changes() }
            else if isMembers, key.matches("added") { f.added = try stringSet("added") }
            else if isMembers, key.matches("removed") { f.removed = try stringSet("removed") }
            else if isMembers, key.matches(membersKey) { f.members = try consumeNull() ? nil : stringSet(membersKey) }
            else if type == .taskDependencyAdded || type == .taskDependencyRemoved, key.matches(otherTaskKey) {
                f.otherTask = try uuid(otherTaskKey)
            }
            else if isPresence, key.matches("connectionId") { f.connectionId = try string("connectionId") }
            else if isPresence, key.matches("user") { f.user = try string("user") }
            else if isPresence, key.matches("program") { f.program = try string("program") }
            else if isPresence, key.matches("address") { f.address = try string("address") }
            else if isPresence, key.matches("at") { f.at = try timestamp("at") }
            else if isNotice, key.matches("version") { f.version = try string("version") }
            else if isNotice, key.matches("message") { f.message = try optionalString("message") }
            else { try skipValue() }
        }
        return f
    }

    /// `changes`: field name to `{"old": …, "new": …}`; both are required, `null` is a value.
    private mutating func changes() throws(EventCodecError) -> [String: FieldChange] {
        try beginObject("changes")
        var result: [String: FieldChange] = [:]
        var first = true
        while let field = try nextKey(&first) {
            try beginObject("changes")
            var old: JSONValue?, new: JSONValue?
            var firstPart = true
            while let part = try nextKey(&firstPart) {
                if part.matches("old") { old = try jsonValue() }
                else if part.matches("new") { new = try jsonValue() }
                else { try skipValue() }
            }
            guard let old else { throw EventCodecError(.missingKey("old", in: "changes.\(field.text)"), at: index) }
            guard let new else { throw EventCodecError(.missingKey("new", in: "changes.\(field.text)"), at: index) }
            result[field.text] = FieldChange(old: old, new: new)
        }
        return result
    }
}
