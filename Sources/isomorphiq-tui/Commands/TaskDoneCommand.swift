import ArgumentParser
import IsomorphiqCore

struct TaskDoneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark a task done.")

    @Argument(help: "The task's id or a unique prefix.") var id: String
    @Flag(help: "Print the task as JSON.") var json = false
    @OptionGroup var target: TaskTargetOptions

    func run() async throws {
        try await reportingExitCode {
            try await TaskChange.run(target, id: id, json: json, verb: "done") { task in
                [TaskCommand(.setStatus(task.id, .done), expectedVersion: task.version)]
            }
        }
    }
}
