public import IsomorphiqCore
import Foundation

/// Task commands in the JSON form of `POST /api/tasks/batch` operations, so that a list of
/// commands runs as one atomic batch remotely as it does in-process.
public enum BatchOperation {
    /// `{"operations": [...]}` for `commands`, each carrying its expected version.
    public static func body(_ commands: [TaskCommand]) -> JSONValue {
        .object(["operations": .array(commands.map(operation))])
    }

    static func operation(_ command: TaskCommand) -> JSONValue {
        var fields: [String: JSONValue]
        switch command.action {
        case .create(let new):
            fields = ["action": .string("create"), "title": .string(new.title), "status": .string(new.status.rawValue), "priority": .string(new.priority.rawValue)]
            if let id = new.id { fields["id"] = .string(id.wire) }
            if let description = new.description { fields["description"] = .string(description) }
            if let assignee = new.assignedTo { fields["assignedTo"] = .string(assignee) }
            if !new.collaborators.isEmpty { fields["collaborators"] = strings(new.collaborators) }
            if !new.watchers.isEmpty { fields["watchers"] = strings(new.watchers) }
            if !new.dependencies.isEmpty { fields["dependencies"] = strings(Set(new.dependencies.map(\.wire))) }
            if !new.tags.isEmpty { fields["tags"] = strings(new.tags) }
            if let due = new.due { fields["due"] = .string(Timestamp.format(due)) }
        case .update(let id, let patch):
            fields = update(id)
            if let title = patch.title { fields["title"] = .string(title) }
            if let description = patch.description { fields["description"] = description.map(JSONValue.string) ?? .null }
            if let tags = patch.tags { fields["tags"] = strings(tags) }
            if let due = patch.due { fields["due"] = due.map { .string(Timestamp.format($0)) } ?? .null }
        case .setStatus(let id, let status):
            fields = update(id)
            fields["status"] = .string(status.rawValue)
        case .setPriority(let id, let priority):
            fields = update(id)
            fields["priority"] = .string(priority.rawValue)
        case .assign(let id, let user):
            fields = update(id)
            fields["assignedTo"] = user.map(JSONValue.string) ?? .null
        case .updateCollaborators(let id, let add, let remove), .updateWatchers(let id, let add, let remove):
            let kind: JSONValue = if case .updateWatchers = command.action { .string("watchers") } else { .string("collaborators") }
            fields = ["action": kind, "id": .string(id.wire), "add": strings(add), "remove": strings(remove)]
        case .addDependency(let id, let dependency):
            fields = ["action": .string("dependencies"), "id": .string(id.wire), "add": .array([.string(dependency.wire)])]
        case .removeDependency(let id, let dependency):
            fields = ["action": .string("dependencies"), "id": .string(id.wire), "remove": .array([.string(dependency.wire)])]
        case .delete(let id):
            fields = ["action": .string("delete"), "id": .string(id.wire)]
        }
        if let version = command.expectedVersion { fields["expectedVersion"] = .number(Double(version)) }
        return .object(fields)
    }

    private static func update(_ id: TaskID) -> [String: JSONValue] {
        ["action": .string("update"), "id": .string(id.wire)]
    }

    private static func strings(_ values: Set<String>) -> JSONValue {
        .array(values.sorted().map(JSONValue.string))
    }
}
