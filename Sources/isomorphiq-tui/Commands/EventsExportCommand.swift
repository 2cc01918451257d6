import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqStore

struct EventsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the log to stdout as JSON lines (from a damaged log: every event it can read, then an error naming the rest).")

    enum Format: String, ExpressibleByArgument { case jsonl }

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Only events after this seq.") var since: Int64 = 0
    @Option(help: "Output format.") var format: Format = .jsonl

    func run() async throws {
        let store = try await data.openForReading()
        var buffer = ""
        // What was read is written out even when the export fails (a damaged log: every readable event).
        defer { FileHandle.standardOutput.write(Data(buffer.utf8)) }
        do {
            try await EventLogReader(store: store).exportJSONLines(since: since) { line in
                buffer += line
                if buffer.utf8.count >= 1 << 16 {
                    FileHandle.standardOutput.write(Data(buffer.utf8))
                    buffer = ""
                }
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
