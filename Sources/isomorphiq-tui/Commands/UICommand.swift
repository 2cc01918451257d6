// TEMPORARY (tui branch): a minimal way to run the terminal UI by hand and in the tmux e2e test
// until the lead's real wiring (store, server, configuration) replaces it.
import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqTUI
import Logging

struct UICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ui", abstract: "Open the terminal UI (temporary wiring: in-memory store).")

    @Option(help: "Data directory (logs go to tui.log there).") var dataDir: String = NSTemporaryDirectory() + "isomorphiq"
    @Option(help: "Server port (not started by this temporary command).") var port: Int = 3002
    @Flag(help: "Do not start the server.") var noServer = false
    @Option(help: "Who you are.") var user: String = ProcessInfo.processInfo.environment["USER"] ?? "me"
    @Option(help: "Seed this many demo tasks.") var demo: Int = 0

    func run() async throws {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        LoggingSystem.bootstrap(FileLogHandler.factory(path: dataDir + "/tui.log"))
        let store = InMemoryEventStore(capacity: 1_000_000)
        let bus = EventBus(store: store)
        let service = TaskService(bus: bus)
        if demo > 0 {
            let context = EventContext(userId: user, source: "cli")
            let commands = (0..<demo).map { TaskCommand(.create(NewTask(title: "Demo task \($0)", priority: TaskPriority.allCases[$0 % 3]))) }
            for chunk in stride(from: 0, to: commands.count, by: 1000) {
                try await service.handle(Array(commands[chunk..<min(commands.count, chunk + 1000)]), as: context)
            }
        }
        let note = noServer ? "server off: --no-server" : "server off: not wired yet (port \(port))"
        let status = StatusInfo(serverURL: nil, serverNote: note, user: user, dataDirectory: dataDir)
        let source = InProcessTaskSource(service: service, store: store, status: status)
        try await TerminalApp.run(source: source, logger: Logger(label: "isomorphiq.tui"))
    }
}
