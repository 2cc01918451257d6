import ArgumentParser
import IsomorphiqCore
import IsomorphiqStore

struct EventsTailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tail", abstract: "Print the newest events; --follow waits for more.")

    @OptionGroup var data: DataDirectoryOption
    @Option(name: .customShort("n"), help: "How many events to print.") var count = 20
    @Flag(help: "Keep printing events as they are appended (also by another process).") var follow = false
    @Flag(help: "Print each event as a JSON line instead of a readable line.") var json = false

    func run() async throws {
        let store = try data.openForReading()
        let reader = EventLogReader(store: store)
        let events = try await reader.last(count)
        for event in events { try print(line(event)) }
        if follow {
            var after = events.last?.seq ?? 0
            if events.isEmpty { after = try await store.lastSeq() }
            try await reader.follow(after: after) { page in
                for event in page { try print(line(event)) }
            }
        }
        await store.close()
    }

    private func line(_ event: Event) throws -> String {
        json ? try EventLogReader.jsonLine(event) : EventLogReader.line(event)
    }
}
