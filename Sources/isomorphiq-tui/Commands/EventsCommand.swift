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
            EventsImportCommand.self, EventsStatsCommand.self, EventsStressAppendCommand.self, EventsBenchAppendCommand.self, EventsBenchLoadCommand.self,
        ]
    )
}

/// The `--data-dir` (or `--database-url`) option every `events` subcommand takes.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The data directory (default: $XDG_DATA_HOME/isomorphiq or ~/.local/share/isomorphiq).")
    var path: String?

    @Option(name: .customLong("database-url"), help: "A shared PostgreSQL log instead (postgres://USER@HOST/DATABASE; or ISOMORPHIQ_STORE_DATABASE_URL with --store postgres in the configuration).")
    var databaseURL: String?

    /// The settings as every other command resolves them: flags, else the environment, else the
    /// configuration file, else the defaults.
    func settings() async throws -> Settings {
        var flags: [String: ConfigContent] = path.map { ["store.dataDir": .string($0)] } ?? [:]
        if let databaseURL {
            flags["store.databaseUrl"] = .string(databaseURL)
            flags["store.kind"] = .string("postgres")
        }
        return try await ConfigurationLoader(flags: flags, configFile: nil).load().0
    }

    /// The data directory: `--data-dir`, else `ISOMORPHIQ_STORE_DATA_DIR`, else the configuration file, else the XDG default.
    func directory() async throws -> DataDirectory {
        Self.directory(try await settings())
    }

    private static func directory(_ settings: Settings) -> DataDirectory {
        DataDirectory(url: URL(fileURLWithPath: settings.dataDir, isDirectory: true))
    }

    /// Opens the log for reading: no lock, so it works next to a running instance.
    func openForReading() async throws -> any EventLogHandle {
        let settings = try await settings()
        if settings.store == "postgres" { return try await settings.openPostgres() }
        return try SQLiteEventStore.open(in: Self.directory(settings), options: .init(readOnly: true))
    }

    /// Opens the log for writing: for SQLite, takes the directory's lock. The store's notices (a
    /// schema upgrade) go to standard error, so that standard output stays the command's own.
    func openForWriting() async throws -> any EventLogHandle {
        LoggingSetup.toStandardError(level: "notice")
        let settings = try await settings()
        if settings.store == "postgres" { return try await settings.openPostgres() }
        return try SQLiteEventStore.open(in: Self.directory(settings))
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
