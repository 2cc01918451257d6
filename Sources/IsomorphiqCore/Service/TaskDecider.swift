import Foundation

/// Turns a command into its one event, against a board: validation, permissions, dependencies,
/// expected version and change tracking. Pure: no I/O, no clock but the factory's.
public struct TaskDecider: Sendable {
    public var factory: EventFactory
    public var policy: PermissionPolicy

    public init(factory: EventFactory = EventFactory(), policy: PermissionPolicy = PermissionPolicy()) {
        self.factory = factory
        self.policy = policy
    }

    /// The events `command` makes: none when it would change nothing, one for every operation
    /// but a delete of a task others depend on, which first removes each of their edges to it
    /// (one `task_dependency_removed` each, in task-id order) and then deletes it.
    ///
    /// - Parameter authority: the board permissions are checked against, when it holds the task
    ///   (the board before a batch began); otherwise `board`.
    /// - Throws: `TaskServiceError`.
    public func decide(
        _ command: TaskCommand, on board: some TaskLookup, authority: (any TaskLookup)? = nil, context: EventContext
    ) throws -> [Event] {
        let user = context.userId
        if case .create(let new) = command.action {
            return [try create(new, on: board, context: context)]
        }
        guard let id = command.action.taskID, let task = board.task(id) else {
            throw TaskServiceError.notFound(command.action.taskID ?? TaskID())
        }
        if let expected = command.expectedVersion, expected != task.version {
            throw TaskServiceError.conflict(expected: expected, current: task.version)
        }
        try policy.check(command.action, on: authority?.task(id) ?? task, by: user)
        if case .delete = command.action {
            return detachDependents(of: id, in: board, context: context) + [factory.taskDeleted(task, context: context)]
        }
        return try decideChange(command.action, of: task, on: board, context: context).map { [$0] } ?? []
    }

    /// The one event of an authorised change to `task`, or `nil` when it changes nothing.
    private func decideChange(_ action: TaskAction, of current: TaskItem, on board: some TaskLookup, context: EventContext) throws -> Event? {
        var task = current
        let id = task.id
        let before = task
        task.version += 1
        task.updatedAt = factory.now()

        switch action {
        case .create, .delete:
            return nil
        case .update(_, let patch):
            return try update(before, task, patch, context: context)
        case .setStatus(_, let status):
            guard status != before.status else { return nil }
            guard before.status.canMove(to: status) else {
                throw TaskServiceError.validation(
                    "a task cannot move from \(before.status.rawValue) to \(status.rawValue)", field: "status")
            }
            task.status = status
            return factory.taskStatusChanged(task, from: before.status, context: context)
        case .setPriority(_, let priority):
            guard priority != before.priority else { return nil }
            task.priority = priority
            return factory.taskPriorityChanged(task, from: before.priority, context: context)
        case .assign(_, let assignee):
            let assignee = try assignee.map { try TaskFieldRules.user($0, field: "assignedTo") }
            guard assignee != before.assignedTo else { return nil }
            task.assignedTo = assignee
            return factory.taskAssigned(task, from: before.assignedTo, context: context)
        case .updateCollaborators(_, let add, let remove):
            let (added, removed) = try members(before.collaborators, add: add, remove: remove, field: "collaborators")
            guard !added.isEmpty || !removed.isEmpty else { return nil }
            task.collaborators = before.collaborators.union(added).subtracting(removed)
            return factory.taskCollaboratorsUpdated(task, added: added, removed: removed, context: context)
        case .updateWatchers(_, let add, let remove):
            let (added, removed) = try members(before.watchers, add: add, remove: remove, field: "watchers")
            guard !added.isEmpty || !removed.isEmpty else { return nil }
            task.watchers = before.watchers.union(added).subtracting(removed)
            return factory.taskWatchersUpdated(task, added: added, removed: removed, context: context)
        case .addDependency(_, let dependency):
            guard !before.dependencies.contains(dependency) else { return nil }
            try DependencyGraph.checkNewEdge(id, dependsOn: dependency, in: board)
            task.dependencies.insert(dependency)
            return factory.taskDependencyAdded(task, dependsOn: dependency, context: context)
        case .removeDependency(_, let dependency):
            guard before.dependencies.contains(dependency) else { return nil }
            task.dependencies.remove(dependency)
            return factory.taskDependencyRemoved(task, removed: dependency, context: context)
        }
    }

    /// One `task_dependency_removed` for each task that depends on `id`: a deleted task blocks
    /// nothing, and its owner's delete must not be held up by edges others drew to it.
    private func detachDependents(of id: TaskID, in board: some TaskLookup, context: EventContext) -> [Event] {
        board.dependentIDs(of: id).sorted { $0.wire < $1.wire }.compactMap { dependentID in
            guard var dependent = board.task(dependentID) else { return nil }
            dependent.version += 1
            dependent.updatedAt = factory.now()
            dependent.dependencies.remove(id)
            return factory.taskDependencyRemoved(dependent, removed: id, context: context)
        }
    }

    private func create(_ new: NewTask, on board: some TaskLookup, context: EventContext) throws -> Event {
        let id = new.id ?? factory.makeTaskID()
        guard board.task(id) == nil else { throw TaskServiceError.validation("a task with id \(id.wire) exists already", field: "id") }
        for dependency in new.dependencies {
            guard dependency != id else { throw TaskServiceError.validation("a task cannot depend on itself", field: "dependencies") }
            guard board.task(dependency) != nil else {
                throw TaskServiceError.validation("dependency \(dependency.wire) does not exist", field: "dependencies")
            }
        }
        let now = factory.now()
        let task = TaskItem(
            id: id,
            title: try TaskFieldRules.title(new.title),
            description: try TaskFieldRules.description(new.description),
            status: new.status,
            priority: new.priority,
            createdBy: context.userId,
            assignedTo: try new.assignedTo.map { try TaskFieldRules.user($0, field: "assignedTo") },
            collaborators: try TaskFieldRules.users(new.collaborators, field: "collaborators"),
            watchers: try TaskFieldRules.users(new.watchers, field: "watchers"),
            dependencies: new.dependencies,
            tags: try TaskFieldRules.tags(new.tags),
            due: try TaskFieldRules.due(new.due),
            createdAt: Timestamp.truncated(now),
            version: 1)
        return factory.taskCreated(task, context: context)
    }

    private func update(_ before: TaskItem, _ after: TaskItem, _ patch: TaskPatch, context: EventContext) throws -> Event? {
        var task = after
        var changes: [String: FieldChange] = [:]
        if let title = patch.title {
            task.title = try TaskFieldRules.title(title)
            if task.title != before.title { changes["title"] = FieldChange(old: .string(before.title), new: .string(task.title)) }
        }
        if let description = patch.description {
            task.description = try TaskFieldRules.description(description)
            if task.description != before.description {
                changes["description"] = FieldChange(old: before.description.map(JSONValue.string) ?? .null, new: task.description.map(JSONValue.string) ?? .null)
            }
        }
        if let tags = patch.tags {
            task.tags = try TaskFieldRules.tags(tags)
            if task.tags != before.tags {
                changes["tags"] = FieldChange(old: .array(before.tags.sorted().map(JSONValue.string)), new: .array(task.tags.sorted().map(JSONValue.string)))
            }
        }
        if let due = patch.due {
            task.due = try TaskFieldRules.due(due)
            if task.due != before.due {
                changes["due"] = FieldChange(
                    old: before.due.map { .string(Timestamp.format($0)) } ?? .null, new: task.due.map { .string(Timestamp.format($0)) } ?? .null)
            }
        }
        guard !changes.isEmpty else { return nil }
        return factory.taskUpdated(task, changes: changes, context: context)
    }

    private func members(_ current: Set<UserID>, add: Set<UserID>, remove: Set<UserID>, field: String) throws -> (Set<UserID>, Set<UserID>) {
        let add = try TaskFieldRules.users(add, field: field)
        let remove = try TaskFieldRules.users(remove, field: field)
        guard add.isDisjoint(with: remove) else {
            throw TaskServiceError.validation("the same user cannot be added and removed at once", field: field)
        }
        return (add.subtracting(current), remove.intersection(current))
    }
}
