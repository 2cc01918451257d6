import ArgumentParser
import IsomorphiqCore

struct TaskListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tasks, oldest first.")

    @Option(help: "Only this status (todo, in-progress, done, invalid).") var status: String?
    @Option(help: "Only tasks assigned to this user.") var assignee: String?
    @Flag(help: "Print a JSON array of tasks.") var json = false
    @OptionGroup var target: TaskTargetOptions

    func run() async throws {
        try await reportingExitCode {
            let wanted = try status.map(TaskArguments.status)
            let backend = try await target.open()
            let board = try await backend.board()
            await backend.close()
            let tasks = board.tasks.values
                .filter { (wanted == nil || $0.status == wanted) && (assignee == nil || $0.assignedTo == assignee) }
                .sorted { ($0.createdAt, $0.id.wire) < ($1.createdAt, $1.id.wire) }
            if json {
                print(try TaskPrinter.json(tasks))
            } else {
                for task in tasks { print(TaskPrinter.line(task)) }
            }
        }
    }
}
