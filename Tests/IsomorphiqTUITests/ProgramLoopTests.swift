import Foundation
import IsomorphiqCore
import Logging
import Testing
@testable import IsomorphiqTUI

/// The whole program over a fake terminal and a real in-process bus: keys in through the
/// terminal's input, frames out through its `frames`. No sleeps: each step waits for the frame
/// that shows its result.
@Suite struct ProgramLoopTests {
    struct Harness {
        let service: TaskService
        let terminal: FakeTerminal
        let mailbox: Mailbox
        let run: Task<Void, any Error>
    }

    static func start(size: TerminalSize = TerminalSize(width: 120, height: 40)) async throws -> Harness {
        let store = InMemoryEventStore()
        let bus = EventBus(store: store)
        let service = TaskService(bus: bus)
        let source = InProcessTaskSource(service: service, store: store, status: StatusInfo(serverNote: "server off: --no-server", user: "alice"))
        let terminal = FakeTerminal(size: size)
        let mailbox = Mailbox()
        let run = Task {
            try await TerminalApp.run(source: source, options: TerminalOptions(timeZone: TimeZone(identifier: "UTC")!), logger: Logger(label: "test"), mailbox: mailbox) { terminal }
        }
        return Harness(service: service, terminal: terminal, mailbox: mailbox, run: run)
    }

    /// Waits for a frame whose text satisfies `condition`; the frame text is returned.
    @discardableResult
    static func frame(_ terminal: FakeTerminal, where condition: (String) -> Bool) async -> String? {
        if condition(terminal.text) { return terminal.text }
        for await text in terminal.frames where condition(text) { return text }
        return nil
    }

    @Test func createsATaskFromTheKeyboardAndQuits() async throws {
        let harness = try await Self.start()
        await Self.frame(harness.terminal) { $0.contains("No tasks yet") }
        harness.terminal.type("n")
        harness.terminal.type("Buy milk")
        harness.terminal.type([.key(.enter)])
        let screen = await Self.frame(harness.terminal) { $0.contains("Buy milk") && $0.contains("created #") }
        #expect(screen != nil)
        #expect(harness.service.board.tasks.values.map(\.title) == ["Buy milk"])
        harness.terminal.type("q")
        try await harness.run.value
        #expect(harness.terminal.isRestored)
    }

    @Test func aChangeMadeElsewhereAppearsWithoutAKey() async throws {
        let harness = try await Self.start()
        await Self.frame(harness.terminal) { $0.contains("No tasks yet") }
        try await harness.service.handle(TaskCommand(.create(NewTask(title: "From REST"))), as: EventContext(userId: "bob", source: "rest"))
        let screen = await Self.frame(harness.terminal) { $0.contains("From REST") && $0.contains("bob") }
        #expect(screen?.contains("created") == true)
        harness.mailbox.post(.quit)
        try await harness.run.value
    }

    @Test func clientsAppearAndResizeReflows() async throws {
        let harness = try await Self.start()
        await Self.frame(harness.terminal) { $0.contains("Clients (0)") }
        let presence = ClientPresence(connectionId: "ws-1", user: "carol", program: "browser", address: "127.0.0.1:6000", at: Date())
        try await harness.service.bus.publish(EventFactory().clientConnected(presence))
        await Self.frame(harness.terminal) { $0.contains("Clients (1)") && $0.contains("carol") }
        harness.terminal.resize(to: TerminalSize(width: 30, height: 8))
        await Self.frame(harness.terminal) { $0.contains("Terminal too small") }
        harness.terminal.resize(to: TerminalSize(width: 80, height: 24))
        let screen = await Self.frame(harness.terminal) { $0.contains("Clients (1)") }
        #expect(screen?.split(separator: "\n").count == 24)
        harness.terminal.type([.key(.ctrl("c"))])
        try await harness.run.value
    }

    @Test func anIdleFrameWritesNothing() async throws {
        let harness = try await Self.start()
        await Self.frame(harness.terminal) { $0.contains("No tasks yet") }
        let runs = harness.terminal.runsDrawn
        harness.terminal.type([.key(.char("z"))])  // unbound: nothing changes
        harness.terminal.type("?")
        await Self.frame(harness.terminal) { $0.contains("Keys (j/k scroll") }
        #expect(harness.terminal.runsDrawn > runs)
        harness.mailbox.post(.quit)
        try await harness.run.value
    }
}
