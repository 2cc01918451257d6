import ArgumentParser

/// The `isomorphiq-tui` command line: parsing and wiring only. Each subcommand lives in `Commands/`.
@main
struct IsomorphiqCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "isomorphiq-tui",
        abstract: "A live, collaborative terminal task manager where every change is an event.",
        version: IsomorphiqCommand.version,
        subcommands: [
            RunCommand.self,
            ServeCommand.self,
            ConfigCommand.self,
            EventsCommand.self,
            TokenCommand.self,
            TaskCLICommand.self,
            VersionCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )
}
