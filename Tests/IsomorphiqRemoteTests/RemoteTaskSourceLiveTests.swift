import Foundation
import IsomorphiqSource
import IsomorphiqCore
import IsomorphiqRemote
import Logging
import Testing

/// `RemoteTaskSource` against a real server on a free port.
@Suite("Remote task source, live", .serialized, .timeLimit(.minutes(2)))
struct RemoteTaskSourceLiveTests {
    static func source(_ url: URL, token: String = LiveServer.aliceToken, user: String = "alice") -> RemoteTaskSource {
        var logger = Logger(label: "test.remote")
        logger.logLevel = .critical
        return RemoteTaskSource(
            api: TaskAPIClient(baseURL: url, token: token), user: user,
            backoff: Backoff(base: .milliseconds(50), cap: .milliseconds(400)), logger: logger)
    }

    @Test func loadsTheBoardAndFollowsChangesMadeElsewhere() async throws {
        let host = LiveServer()
        let existing = try await host.create("already there")
        let server = try await host.start()
        let source = Self.source(server.url)
        let feed = try await source.connect()
        #expect(feed.board[existing.id]?.title == "already there")
        #expect(feed.board.lastSeq == 1)
        // The feed starts with the log's recent history, not blank.
        #expect(feed.recent.map(\.seq) == [1])
        #expect(source.status.user == "alice")
        let recorder = FeedRecorder(feed.updates)
        try await recorder.wait(for: "live") { $0.connections.last == .live }
        let made = try await host.create("made on the host", as: "bob")
        try await recorder.wait(for: "the host's change") { $0.taskEvents.contains { $0.taskID == made.id } }
        // A change sent through the source arrives through the feed too, once.
        let events = try await source.send([TaskCommand(.setStatus(made.id, .inProgress), expectedVersion: 1)])
        #expect(events.count == 1)
        try await recorder.wait(for: "our own change") { $0.taskEvents.count == 2 }
        #expect(recorder.taskEvents.map(\.seq) == [2, 3])
        await server.stop()
    }

    @Test func hostRestartResumesWithoutGapOrDuplicate() async throws {
        let host = LiveServer()
        let first = try await host.start()
        let source = Self.source(first.url)
        let feed = try await source.connect()
        let recorder = FeedRecorder(feed.updates)
        try await recorder.wait(for: "live") { $0.connections.last == .live }
        try await host.create("before")
        try await recorder.wait(for: "first event") { $0.taskEvents.count == 1 }

        await first.stop()
        try await recorder.wait(for: "lost") { if case .lost = $0.connections.last { true } else { false } }
        #expect(!source.connection.isLive)
        await #expect(throws: TaskServiceError.self) { try await source.send([TaskCommand(.create(NewTask(title: "offline")))]) }
        try await host.create("while down 1")
        try await host.create("while down 2")

        let second = try await host.start(port: first.port)
        try await recorder.wait(for: "resumed") { $0.taskEvents.count == 3 && $0.connections.last == .live }
        try await host.create("after")
        try await recorder.wait(for: "live again") { $0.taskEvents.count == 4 }
        #expect(recorder.taskEvents.map(\.seq) == [1, 2, 3, 4])
        #expect(recorder.taskEvents.compactMap(\.payload.task?.title) == ["before", "while down 1", "while down 2", "after"])
        await second.stop()
    }

    @Test func retryNowReconnectsWithoutWaitingOutTheBackoff() async throws {
        let host = LiveServer()
        let first = try await host.start()
        var logger = Logger(label: "test.remote")
        logger.logLevel = .critical
        // A backoff of a minute: only "retry now" can bring it back within the test's wait.
        let source = RemoteTaskSource(
            api: TaskAPIClient(baseURL: first.url, token: LiveServer.aliceToken), user: "alice",
            backoff: Backoff(base: .seconds(60), cap: .seconds(60), jitter: 0), logger: logger)
        let feed = try await source.connect()
        let recorder = FeedRecorder(feed.updates)
        try await recorder.wait(for: "live") { $0.connections.last == .live }
        await first.stop()
        try await recorder.wait(for: "lost") { if case .lost = $0.connections.last { true } else { false } }
        let second = try await host.start(port: first.port)
        try await host.create("while away")
        // As a person would: R, and R again if the first attempt met a server still starting.
        let presses = Task {
            while !Task.isCancelled {
                source.retryNow()
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        defer { presses.cancel() }
        try await recorder.wait(for: "live again long before the backoff", timeout: .seconds(15)) { $0.connections.last == .live && $0.taskEvents.count == 1 }
        await second.stop()
    }

    @Test func aConflictSaysWhoChangedWhat() async throws {
        let host = LiveServer()
        let task = try await host.create("shared", as: "bob")
        let server = try await host.start()
        let source = Self.source(server.url)
        let feed = try await source.connect()
        let recorder = FeedRecorder(feed.updates)
        try await recorder.wait(for: "live") { $0.connections.last == .live }
        try await host.service.handle(TaskCommand(.setStatus(task.id, .inProgress), expectedVersion: 1), as: EventContext(userId: "bob", source: "test"))
        do {
            _ = try await source.send([TaskCommand(.update(task.id, TaskPatch(title: "mine")), expectedVersion: 1)])
            Issue.record("expected a conflict")
        } catch {
            #expect(error.code == .conflict)
            #expect(error.currentVersion == 2)
            #expect(error.message.contains("bob: status todo → in-progress"), "\(error.message)")
        }
        await server.stop()
    }

    @Test func theClientsListNamesTheProgram() async throws {
        let host = LiveServer()
        let server = try await host.start()
        let source = Self.source(server.url)
        let recorder = FeedRecorder(try await source.connect().updates)
        try await recorder.wait(for: "client list") { recorder in
            recorder.all.contains { if case .clients(let list) = $0 { list.contains { $0.program == "isomorphiq-tui" && $0.user == "alice" } } else { false } }
        }
        await server.stop()
    }

    @Test func anUnreachableServerFailsTheFirstConnect() async throws {
        let source = Self.source(URL(string: "http://127.0.0.1:1")!)
        await #expect(throws: TaskAPIError.self) { _ = try await source.connect() }
    }

    @Test func aWrongTokenFailsTheFirstConnectAsUnauthorizedNotUnavailable() async throws {
        let host = LiveServer()
        let server = try await host.start()
        let source = Self.source(server.url, token: "not-a-token-of-this-server")
        let error = await #expect(throws: TaskAPIError.self) { _ = try await source.connect() }
        // The CLI maps .unauthorized to exit 5 (REMOTE.md), .unavailable to 7.
        #expect(error?.kind == .unauthorized)
        #expect(error?.message.contains("not valid here") == true, "\(error?.message ?? "")")
        await server.stop()
    }
}
