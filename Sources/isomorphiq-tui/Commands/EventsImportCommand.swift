import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqStore

struct EventsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append the events of a JSON-lines file: every line is checked first; one bad line imports nothing.")

    @OptionGroup var data: DataDirectoryOption
    @Argument(help: "The JSON-lines file (as `events export` writes).") var file: String

    func run() async throws {
        let contents: Data
        do {
            contents = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            printError("import: cannot read \(file): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let store = try await data.openForWriting()
        do {
            let imported = try await EventImporter(store: store).importLines(contents)
            print("imported \(imported.count) events" + (imported.last.map { " (seq \(imported[0].seq)...\($0.seq))" } ?? ""))
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }
}
