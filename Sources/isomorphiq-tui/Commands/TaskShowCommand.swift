import ArgumentParser
import IsomorphiqCore

struct TaskShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one task and its history.")

    @Argument(help: "The task's id or a unique prefix.") var id: String
    @Flag(help: "Print the task as JSON.") var json = false
    @OptionGroup var target: TaskTargetOptions

    func run() async throws {
        try await reportingExitCode {
            let backend = try await target.open()
            let task = try backend.resolve(id, on: try await backend.board())
            if json {
                await backend.close()
                print(try TaskPrinter.json(task))
            } else {
                let history = try await backend.history(of: task.id)
                await backend.close()
                print(TaskPrinter.details(task, history: history))
            }
        }
    }
}
