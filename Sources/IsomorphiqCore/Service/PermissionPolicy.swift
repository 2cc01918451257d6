/// Who may do what to a task.
///
/// - anyone may create;
/// - the creator, the assignee and collaborators may edit (every action but assigning and delete);
/// - only the creator or the assignee may change the assignee (so a collaborator cannot make
///   themselves the assignee and gain the assignee's right to delete);
/// - anyone may add or remove *themselves* as a watcher, and nothing else about watchers;
/// - only the creator or the assignee may delete; deleting also removes the edges of the tasks
///   that depend on it (see `TaskDecider`), whoever owns them;
/// - an admin may do everything.
///
/// A batch is checked operation by operation against each task as it was before the batch
/// (`TaskService.handle`), so no operation of a batch can widen what a later one may do.
public struct PermissionPolicy: Sendable {
    private let adminCheck: @Sendable (UserID) -> Bool

    /// A fixed set of admins.
    public init(admins: Set<UserID> = []) {
        self.adminCheck = { admins.contains($0) }
    }

    /// Admins decided at each check, e.g. from a token store that can change while running.
    public init(isAdmin: @escaping @Sendable (UserID) -> Bool) {
        self.adminCheck = isAdmin
    }

    public func isAdmin(_ user: UserID) -> Bool { adminCheck(user) }

    public func canEdit(_ task: TaskItem, user: UserID) -> Bool {
        isAdmin(user) || task.createdBy == user || task.assignedTo == user || task.collaborators.contains(user)
    }

    public func canDelete(_ task: TaskItem, user: UserID) -> Bool {
        isAdmin(user) || task.createdBy == user || task.assignedTo == user
    }

    /// Who may change the assignee: the same people who may delete.
    public func canAssign(_ task: TaskItem, user: UserID) -> Bool {
        canDelete(task, user: user)
    }

    /// - Throws: `TaskServiceError` with code `.forbidden`, saying who may.
    public func check(_ action: TaskAction, on task: TaskItem, by user: UserID) throws {
        switch action {
        case .create:
            return
        case .delete:
            guard canDelete(task, user: user) else {
                throw TaskServiceError.forbidden("\(user) may not delete #\(task.shortID): only its creator (\(task.createdBy)) or assignee may")
            }
        case .assign:
            guard canAssign(task, user: user) else {
                throw TaskServiceError.forbidden(
                    "\(user) may not change the assignee of #\(task.shortID): only its creator (\(task.createdBy)) or assignee may")
            }
        case .updateWatchers(_, let add, let remove):
            if canEdit(task, user: user) { return }
            guard add.union(remove).allSatisfy({ $0 == user }) else {
                throw TaskServiceError.forbidden("\(user) may only add or remove themselves as a watcher of #\(task.shortID)")
            }
        default:
            guard canEdit(task, user: user) else {
                throw TaskServiceError.forbidden(
                    "\(user) may not change #\(task.shortID): only its creator, assignee or collaborators may")
            }
        }
    }
}
