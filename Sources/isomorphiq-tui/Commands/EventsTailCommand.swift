import ArgumentParser
import Foundation
import IsomorphiqSource
import IsomorphiqCore
import IsomorphiqRemote
import IsomorphiqStore
import IsomorphiqTUI
import Logging

struct EventsTailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Print the newest events; --follow waits for more.",
        discussion: "Reads the local log, or with --connect URL (or ISOMORPHIQ_CONNECT) a running instance's, following it over its WebSocket.")

    @OptionGroup var data: DataDirectoryOption
    @Option(name: .customShort("n"), help: "How many events to print.") var count = 20
    @Flag(name: [.customShort("f"), .long], help: "Keep printing events as they are appended (also by another process).") var follow = false
    @Flag(help: "Print each event as a JSON line instead of a readable line.") var json = false
    @Option(name: .customLong("connect"), help: "A running instance, http://HOST:PORT, instead of the local log.") var connect: String?
    @Option(help: "The token for --connect (or ISOMORPHIQ_TOKEN).") var token: String?
    @Option(name: .customLong("ws-path"), help: "The WebSocket path of --connect's server (its --ws-path).") var wsPath = "/ws"

    func run() async throws {
        if let remote = connect ?? ProcessInfo.processInfo.environment["ISOMORPHIQ_CONNECT"] {
            try await tailRemote(remote)
            return
        }
        let store = try await data.openForReading()
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

    /// The last `count` events over REST, then (with --follow) live ones from the WebSocket,
    /// resumed by seq across reconnects by `RemoteTaskSource`.
    private func tailRemote(_ raw: String) async throws {
        let api = try TaskTargetOptions.client(raw, token: token ?? ProcessInfo.processInfo.environment["ISOMORPHIQ_TOKEN"], webSocketPath: wsPath)
        let head = try await api.events(after: 0, limit: 1)
        var last = max(0, head.seq - Int64(count))
        while last < head.seq {
            let page = try await api.events(after: last, limit: 1000)
            for event in page.events where event.seq <= head.seq { try print(line(event)) }
            guard let newest = page.events.last?.seq, newest > last else { break }
            last = newest
        }
        guard follow else { return }
        let source = RemoteTaskSource(api: api, user: "cli", program: "isomorphiq-tui events tail", logger: Logger(label: "isomorphiq.tail"))
        let feed = try await source.connect()
        for await update in feed.updates {
            guard case .event(let event) = update, event.seq > last || event.seq == 0 else { continue }
            if event.seq > 0 { last = event.seq }
            try print(line(event))
            fflush(nil)
        }
    }

    private func line(_ event: Event) throws -> String {
        json ? try EventLogReader.jsonLine(event) : EventLogReader.line(event)
    }
}
