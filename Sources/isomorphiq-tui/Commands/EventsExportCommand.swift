import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqStore

struct EventsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the log to stdout as JSON lines (events that do not decode are left out, each named on stderr).")

    enum Format: String, ExpressibleByArgument { case jsonl }

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Only events after this seq.") var since: Int64 = 0
    @Option(help: "Output format.") var format: Format = .jsonl

    func run() async throws {
        let store = try await data.openForReading()
        var buffer = ""
        var skipped = 0
        try await EventLogReader(store: store).exportJSONLines(since: since, skipped: { seq, detail in
            skipped += 1
            printError("export: left out event \(seq): \(detail)")
        }) { line in
            buffer += line
            if buffer.utf8.count >= 1 << 16 {
                FileHandle.standardOutput.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        FileHandle.standardOutput.write(Data(buffer.utf8))
        await store.close()
        if skipped > 0 { printError("export: \(skipped) event(s) could not be read and were left out") }
    }
}
