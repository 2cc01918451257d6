import ArgumentParser
import IsomorphiqCore

struct TaskStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Set a task in progress.")

    @Argument(help: "The task's id or a unique prefix.") var id: String
    @Flag(help: "Print the task as JSON.") var json = false
    @OptionGroup var target: TaskTargetOptions

    func run() async throws {
        try await reportingExitCode {
            try await TaskChange.run(target, id: id, json: json, verb: "started") { task in
                [TaskCommand(.setStatus(task.id, .inProgress), expectedVersion: task.version)]
            }
        }
    }
}
