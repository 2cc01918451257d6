import ArgumentParser
import Configuration
import Foundation
import IsomorphiqCore
import IsomorphiqStore

/// `isomorphiq-tui events …`: inspect, check and move the durable event log.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Inspect, verify, export and import the event log.",
        subcommands: [
            EventsVerifyCommand.self, EventsTailCommand.self, EventsExportCommand.self,
            EventsImportCommand.self, EventsStatsCommand.self, EventsStressAppendCommand.self,
        ]
    )
}

/// The `--data-dir` option every `events` subcommand takes.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The data directory (default: $XDG_DATA_HOME/isomorphiq or ~/.local/share/isomorphiq).")
    var path: String?

    /// The data directory as every other command resolves it: `--data-dir`, else
    /// `ISOMORPHIQ_STORE_DATA_DIR`, else the configuration file, else the XDG default.
    func directory() async throws -> DataDirectory {
        let flags: [String: ConfigContent] = path.map { ["store.dataDir": .string($0)] } ?? [:]
        let (settings, _) = try await ConfigurationLoader(flags: flags, configFile: nil).load()
        return DataDirectory(url: URL(fileURLWithPath: settings.dataDir, isDirectory: true))
    }

    /// Opens the log for reading: no lock, so it works next to a running instance.
    func openForReading() async throws -> SQLiteEventStore {
        try SQLiteEventStore.open(in: try await directory(), options: .init(readOnly: true))
    }

    /// Opens the log for writing: takes the directory's lock. The store's notices (a schema
    /// upgrade) go to standard error, so that standard output stays the command's own.
    func openForWriting() async throws -> SQLiteEventStore {
        LoggingSetup.toStandardError(level: "notice")
        return try SQLiteEventStore.open(in: try await directory())
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
