import ArgumentParser

/// `isomorphiq-tui task …`: scripting the board, against a running instance or the data directory.
struct TaskCLICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Add, list, show, change and remove tasks from scripts.",
        discussion: """
            Acts on a running instance with --connect http://HOST:PORT [--token T] (or ISOMORPHIQ_CONNECT and \
            ISOMORPHIQ_TOKEN), else on the data directory. When a running instance holds the data directory, \
            the command goes through its API (it announces its URL in server.json there). Ids may be given \
            by a unique prefix (#a1b2 or a1b2).

            Exit codes:
            \(CLIExitCode.helpTable)
            """,
        subcommands: [
            TaskAddCommand.self, TaskListCommand.self, TaskShowCommand.self, TaskStartCommand.self,
            TaskDoneCommand.self, TaskEditCommand.self, TaskRemoveCommand.self,
        ]
    )
}
