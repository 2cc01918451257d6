/// Checks each event's payload against the schema of its type before it can be stored: the
/// ids agree, the carried task obeys the field rules, old and new values differ, member sets
/// add up, and the metadata names an actor. Refuses what does not.
///
/// Commands from `TaskService` always pass; this guards events from elsewhere (imports, other
/// instances, hand-made events) and any transform that went wrong.
public struct ValidationMiddleware: EventMiddleware {
    public let name = "validation"

    public init() {}

    public nonisolated(nonsending) func handle(_ event: Event, next: nonisolated(nonsending) (Event) async throws -> Event) async throws -> Event {
        if let problem = Self.problem(with: event) {
            throw EventRejection(middleware: name, reason: "invalid \(event.type.rawValue): \(problem)")
        }
        return try await next(event)
    }

    /// What is wrong with `event`, or `nil` when it is well-formed.
    public static func problem(with event: Event) -> String? {
        if event.metadata.userId.isEmpty { return "metadata.userId is empty" }
        if let task = event.payload.task, let problem = problem(with: task) { return problem }
        switch event.payload {
        case .taskCreated(let p):
            if p.task.version != 1 { return "a new task must be at version 1" }
        case .taskUpdated(let p):
            if p.taskId != p.task.id { return "taskId does not match task.id" }
            if p.changes.isEmpty { return "changes is empty" }
            if let same = p.changes.first(where: { $0.value.old == $0.value.new }) { return "field '\(same.key)' did not change" }
        case .taskDeleted(let p):
            if p.taskId != p.task.id { return "taskId does not match task.id" }
        case .taskStatusChanged(let p):
            if p.taskId != p.task.id || p.task.status != p.newStatus { return "the task does not carry the new status" }
            if p.oldStatus == p.newStatus { return "the status did not change" }
        case .taskPriorityChanged(let p):
            if p.taskId != p.task.id || p.task.priority != p.newPriority { return "the task does not carry the new priority" }
            if p.oldPriority == p.newPriority { return "the priority did not change" }
        case .taskAssigned(let p):
            if p.taskId != p.task.id || p.task.assignedTo != p.assignedTo { return "the task does not carry the new assignee" }
        case .taskCollaboratorsUpdated(let p), .taskWatchersUpdated(let p):
            if p.taskId != p.task.id { return "taskId does not match task.id" }
            if p.added.isEmpty && p.removed.isEmpty { return "nobody was added or removed" }
            if !p.added.isSubset(of: p.members) || !p.removed.isDisjoint(with: p.members) { return "added and removed do not match the member set" }
        case .taskDependencyAdded(let p):
            if p.taskId != p.task.id || !p.task.dependencies.contains(p.dependsOn) { return "the task does not carry the new dependency" }
            if p.dependsOn == p.taskId { return "a task cannot depend on itself" }
        case .taskDependencyRemoved(let p):
            if p.taskId != p.task.id || p.task.dependencies.contains(p.dependencyRemoved) { return "the task still carries the removed dependency" }
        case .clientConnected(let p), .clientDisconnected(let p):
            if p.connectionId.isEmpty { return "connectionId is empty" }
        case .systemStarted, .systemShutdown:
            break
        }
        return nil
    }

    private static func problem(with task: TaskItem) -> String? {
        do {
            let title = try TaskFieldRules.title(task.title)
            if title != task.title { return "the title has surrounding whitespace" }
            _ = try TaskFieldRules.description(task.description)
            _ = try TaskFieldRules.user(task.createdBy, field: "createdBy")
            _ = try TaskFieldRules.tags(task.tags)
        } catch let error as TaskServiceError {
            return error.message
        } catch {
            return "\(error)"
        }
        if task.version < 1 { return "the task's version must be at least 1" }
        if task.dependencies.contains(task.id) { return "the task depends on itself" }
        return nil
    }
}
