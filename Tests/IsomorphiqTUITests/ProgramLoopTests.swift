import Foundation
import IsomorphiqCore
import Logging
import Testing
@testable import IsomorphiqTUI
@testable import IsomorphiqSource

/// The whole program over a fake terminal and a real in-process bus: keys in through the
/// terminal's input, frames out through its `frames`. No sleeps: each step waits for the frame
/// that shows its result.
@Suite(.timeLimit(.minutes(2))) struct ProgramLoopTests {
    struct Harness {
        let service: TaskService
        let terminal: FakeTerminal
        let mailbox: Mailbox
        let run: Task<Void, any Error>
    }

    static func start(
        size: TerminalSize = TerminalSize(width: 120, height: 40), bufferSize: Int = 65_536, mailbox: Mailbox = Mailbox()
    ) async throws -> Harness {
        try await start(size: size, mailbox: mailbox) { service, store in
            InProcessTaskSource(service: service, store: store, status: StatusInfo(serverNote: "server off: --no-server", user: "alice"), bufferSize: bufferSize)
        }.0
    }

    static func start(
        size: TerminalSize, mailbox: Mailbox, source makeSource: (TaskService, InMemoryEventStore) -> InProcessTaskSource
    ) async throws -> (Harness, InProcessTaskSource) {
        let store = InMemoryEventStore()
        let bus = EventBus(store: store)
        let service = TaskService(bus: bus)
        let source = makeSource(service, store)
        let terminal = FakeTerminal(size: size)
        let run = Task {
            try await TerminalApp.run(source: source, options: TerminalOptions(timeZone: TimeZone(identifier: "UTC")!), logger: Logger(label: "test"), mailbox: mailbox) { terminal }
        }
        return (Harness(service: service, terminal: terminal, mailbox: mailbox, run: run), source)
    }

    /// Waits for a frame whose text satisfies `condition`; the frame text is returned.
    @discardableResult
    static func frame(_ terminal: FakeTerminal, where condition: (String) -> Bool) async -> String? {
        if condition(terminal.text) { return terminal.text }
        for await text in terminal.frames where condition(text) { return text }
        return nil
    }

    @Test func aPasteThroughTheTerminalBecomesANewTaskNotKeys() async throws {
        let harness = try await Self.start()
        await Self.frame(harness.terminal) { $0.contains("No tasks yet") }
        // "q" as a key would quit; pasted, it is text.
        harness.terminal.type([.paste("quarterly report\nwith the numbers")])
        await Self.frame(harness.terminal) { $0.contains("New task") && $0.contains("quarterly report") }
        harness.terminal.type([.key(.enter)])
        await Self.frame(harness.terminal) { $0.contains("created #") }
        let task = try #require(harness.service.board.tasks.values.first)
        #expect(task.title == "quarterly report")
        #expect(task.description == "with the numbers")
        harness.terminal.type("q")
        try await harness.run.value
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
        await Self.frame(harness.terminal) { $0.contains("Keys (j/k g/G scroll") }
        #expect(harness.terminal.runsDrawn > runs)
        harness.mailbox.post(.quit)
        try await harness.run.value
    }

    @Test("a new screen's feed starts with the log's last 200 events")
    func feedStartsWithRecentHistory() async throws {
        let store = InMemoryEventStore()
        let service = TaskService(bus: EventBus(store: store))
        let alice = EventContext(userId: "alice", source: "test")
        try await service.handle((0..<250).map { TaskCommand(.create(NewTask(title: "old \($0)"))) }, as: alice)
        let source = InProcessTaskSource(service: service, store: store, status: StatusInfo(serverNote: "server off", user: "alice"))
        let feed = try await source.connect()
        #expect(feed.recent.map(\.seq) == Array(51...250))
        feed.updates.finish()
    }

    @Test func ctrlLClearsTheTerminalAndDrawsEveryCellAgain() async throws {
        let harness = try await Self.start()
        await Self.frame(harness.terminal) { $0.contains("No tasks yet") }
        let runs = harness.terminal.runsDrawn
        harness.terminal.type([.key(.ctrl("l"))])
        // The fake terminal forgets its cells on a repaint: the frame after it is whole again.
        let screen = await Self.frame(harness.terminal) { text in harness.terminal.repaints == 1 && text.contains("No tasks yet") }
        #expect(screen != nil)
        #expect(harness.terminal.runsDrawn > runs)
        harness.mailbox.post(.quit)
        try await harness.run.value
    }

    /// (subscription bound, mailbox bound): a subscription far larger than the bursts, so that only
    /// the mailbox's bound is met (it used to drop events there), and one smaller than a burst,
    /// so that the subscription overflows and the whole board is sent again.
    @Test("a flood of events far past a bound: nothing is dropped silently, the board shown is the log's", arguments: [(65_536, 4), (8, 4)])
    func aFloodEndsOnTheLogsBoard(bufferSize: Int, mailboxCapacity: Int) async throws {
        let (harness, source) = try await Self.start(size: TerminalSize(width: 200, height: 60), mailbox: Mailbox(capacity: mailboxCapacity)) { service, store in
            InProcessTaskSource(service: service, store: store, status: StatusInfo(serverNote: "server off", user: "alice"), bufferSize: bufferSize)
        }
        await Self.frame(harness.terminal) { $0.contains("No tasks yet") }
        let alice = EventContext(userId: "alice", source: "test")
        let ids = try await harness.service.handle((0..<20).map { TaskCommand(.create(NewTask(title: String(format: "t%02d new", $0)))) }, as: alice)
            .compactMap(\.taskID)
        // Rounds of 20 changes at once: each round alone overflows the 8-event subscription.
        for round in 0..<30 {
            let title = round == 29 ? "final" : "v\(round)"
            try await harness.service.handle(
                ids.enumerated().map { index, id in TaskCommand(.update(id, TaskPatch(title: String(format: "t%02d ", index) + title))) }, as: alice)
        }
        let finals = (0..<20).map { String(format: "t%02d final", $0) }
        let screen = await Self.frame(harness.terminal) { text in text.contains("Tasks (20)") && finals.allSatisfy(text.contains) }
        #expect(screen != nil)
        // Overflowing the subscription (a 20-event burst into 8) is the one way to a resync.
        #expect((source.resyncs.count > 0) == (bufferSize < 20))
        harness.mailbox.post(.quit)
        try await harness.run.value
    }
}
