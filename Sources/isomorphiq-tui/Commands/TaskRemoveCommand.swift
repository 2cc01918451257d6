import ArgumentParser
import IsomorphiqCore

struct TaskRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete a task.")

    @Argument(help: "The task's id or a unique prefix.") var id: String
    @Flag(help: "Print the deleted task as JSON.") var json = false
    @OptionGroup var target: TaskTargetOptions

    func run() async throws {
        try await reportingExitCode {
            try await TaskChange.run(target, id: id, json: json, verb: "deleted") { task in
                [TaskCommand(.delete(task.id), expectedVersion: task.version)]
            }
        }
    }
}
