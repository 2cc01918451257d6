import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqTUI

struct TaskAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a task; prints its line (or JSON).")

    @Argument(help: "The title.") var title: String
    @Option(name: [.customShort("d"), .customLong("description")], help: "The description.") var description: String?
    @Option(name: [.customShort("p"), .customLong("priority")], help: "low, medium or high.") var priority: String?
    @Option(name: .customLong("assign"), help: "Who does it.") var assignee: String?
    @Option(name: .customLong("tag"), help: "A tag (repeatable).") var tags: [String] = []
    @Option(name: .customLong("due"), help: "YYYY-MM-DD or an ISO-8601 time.") var due: String?
    @Option(name: .customLong("depends"), help: "A task this one waits for, by id or prefix (repeatable).") var depends: [String] = []
    @Flag(help: "Print the task as JSON.") var json = false
    @OptionGroup var target: TaskTargetOptions

    func run() async throws {
        try await reportingExitCode {
            let backend = try await target.open()
            var new = NewTask(title: title, description: description, assignedTo: assignee, tags: Set(tags))
            if let priority { new.priority = try TaskArguments.priority(priority) }
            if let due { new.due = try TaskArguments.due(due) }
            if !depends.isEmpty {
                let board = try await backend.board()
                for prefix in depends { new.dependencies.insert(try backend.resolve(prefix, on: board).id) }
            }
            let events = try await backend.send([TaskCommand(.create(new))])
            await backend.close()
            guard let task = events.first?.payload.task else { throw CLIError(.failure, "the server made no task") }
            print(json ? try TaskPrinter.json(task) : "created " + TaskPrinter.line(task))
        }
    }
}

/// Parsing of the values the `task` commands take.
enum TaskArguments {
    static func priority(_ text: String) throws(CLIError) -> TaskPriority {
        guard let value = TaskPriority(rawValue: text.lowercased()) else { throw CLIError(.validation, "priority must be low, medium or high, not '\(text)'") }
        return value
    }

    static func status(_ text: String) throws(CLIError) -> TaskStatus {
        guard let value = TaskStatus(rawValue: text.lowercased()) else {
            throw CLIError(.validation, "status must be one of \(TaskStatus.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
        }
        return value
    }

    static func due(_ text: String) throws(CLIError) -> Date? {
        if text.isEmpty || text == "none" { return nil }
        guard let date = DueDate.parse(text) else { throw CLIError(.validation, "due must be a real date, YYYY-MM-DD or an ISO-8601 time in years 0001–9999, not '\(text)'") }
        return date
    }
}
