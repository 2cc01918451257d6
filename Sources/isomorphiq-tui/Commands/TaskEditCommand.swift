import ArgumentParser
import Foundation
import IsomorphiqCore

struct TaskEditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a task's fields, atomically.")

    @Argument(help: "The task's id or a unique prefix.") var id: String
    @Option(help: "A new title.") var title: String?
    @Option(name: [.customShort("d"), .customLong("description")], help: "A new description (empty clears).") var description: String?
    @Option(name: [.customShort("p"), .customLong("priority")], help: "low, medium or high.") var priority: String?
    @Option(help: "todo, in-progress, done or invalid.") var status: String?
    @Option(name: .customLong("assign"), help: "Who does it (empty unassigns).") var assignee: String?
    @Option(name: .customLong("tag"), help: "Replace the tags (repeatable).") var tags: [String] = []
    @Option(name: .customLong("due"), help: "YYYY-MM-DD, an ISO-8601 time, or 'none'.") var due: String?
    @Option(name: .customLong("expect-version"), help: "Fail with a conflict unless the task is at this version.") var expectVersion: Int?
    @Flag(help: "Print the task as JSON.") var json = false
    @OptionGroup var target: TaskTargetOptions

    func run() async throws {
        try await reportingExitCode {
            let newPriority = try priority.map(TaskArguments.priority)
            let newStatus = try status.map(TaskArguments.status)
            let newDue: Date?? = try due.map(TaskArguments.due)
            try await TaskChange.run(target, id: id, json: json, verb: "edited") { task throws(CLIError) in
                var actions: [TaskAction] = []
                let patch = TaskPatch(
                    title: title, description: description.map { $0.isEmpty ? nil : $0 }, tags: tags.isEmpty ? nil : Set(tags), due: newDue)
                if patch != TaskPatch() { actions.append(.update(task.id, patch)) }
                if let newStatus { actions.append(.setStatus(task.id, newStatus)) }
                if let newPriority { actions.append(.setPriority(task.id, newPriority)) }
                if let assignee { actions.append(.assign(task.id, assignee.isEmpty ? nil : assignee)) }
                guard !actions.isEmpty else { throw CLIError(.validation, "nothing to change: give --title, -d, -p, --status, --assign, --tag or --due") }
                let version = expectVersion ?? task.version
                return actions.enumerated().map { TaskCommand($0.element, expectedVersion: $0.offset == 0 ? version : nil) }
            }
        }
    }
}
