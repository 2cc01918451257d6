import Foundation
import HTTPTypes
import HummingbirdWSClient
import IsomorphiqCore
import Logging
import Synchronization
import IsomorphiqSource

/// Drives one `RemoteTaskSource` feed: carries out the `ConnectionMachine`'s actions (open the
/// WebSocket, reload, wait) and turns what the server sends into `SourceUpdate`s. One per feed;
/// it ends when the feed's consumer leaves (the channel finishes). A UI that falls behind stops
/// this reading the socket (the channel is bounded), so the server's per-client bound applies.
final class RemoteFollower: Sendable {
    let source: RemoteTaskSource
    let sink: UpdateChannel
    let first: AsyncThrowingStream<TaskBoard, any Error>.Continuation
    private let machine: Mutex<ConnectionMachine>
    private let delivered = Atomic<Bool>(false)
    static let maxMessageBytes = 16 << 20

    init(source: RemoteTaskSource, sink: UpdateChannel, first: AsyncThrowingStream<TaskBoard, any Error>.Continuation) {
        self.source = source
        self.sink = sink
        self.first = first
        self.machine = Mutex(ConnectionMachine(backoff: source.backoff))
    }

    private var logger: Logger { source.logger }

    func run() async {
        var actions = step { $0.start() }
        while !Task.isCancelled, !sink.isFinished, !actions.isEmpty {
            var next: [ConnectionMachine.Action] = []
            for action in actions {
                switch action {
                case .report(let phase):
                    await report(phase)
                case .open(let after):
                    let reason = await openSocket(after: after)
                    guard delivered.load(ordering: .acquiring) else {
                        first.finish(throwing: await firstFailure(reason))
                        sink.finish()
                        return
                    }
                    logger.info("connection lost", metadata: ["reason": "\(reason)"])
                    next += step { $0.closed(reason: reason, random: source.random()) }
                case .wait(let delay):
                    // A sleep of its own, so that "retry now" (`RemoteTaskSource.retryNow`) can end it early.
                    let clock = source.clock
                    let sleep = Task { try await clock.sleep(for: delay) }
                    source.waiting { sleep.cancel() }
                    await withTaskCancellationHandler { _ = try? await sleep.value } onCancel: { sleep.cancel() }
                    source.waiting(nil)
                    if Task.isCancelled { break }
                    next += step { $0.retryDue() }
                case .reload, .close:
                    break
                }
            }
            actions = next
        }
        sink.finish()
    }

    /// Why the first connection failed. A refused upgrade says only "upgrade failed", so a REST
    /// call asks the server why: a wrong token or origin is then that refusal (exit 5), not "unavailable".
    private func firstFailure(_ reason: String) async -> TaskAPIError {
        do {
            _ = try await source.api.clients()
        } catch where [.unauthorized, .forbidden].contains(error.kind) {
            return error
        } catch {}
        return TaskAPIError(.unavailable, "cannot connect to \(source.api.baseURL.absoluteString): \(reason)")
    }

    private func step(_ body: (inout ConnectionMachine) -> [ConnectionMachine.Action]) -> [ConnectionMachine.Action] {
        machine.withLock { body(&$0) }
    }

    private func report(_ phase: ConnectionMachine.Phase) async {
        let status: ConnectionStatus
        switch phase {
        case .connecting(let attempt): status = .connecting(attempt: attempt)
        case .live: status = .live
        case .backingOff(let attempt, let delay, let reason):
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            status = .lost(reason: reason, retryAt: Date().addingTimeInterval(seconds), attempt: attempt)
        default: return
        }
        source.report(status)
        await sink.send(.connection(status))
    }

    /// Runs one WebSocket session to its end and says why it ended.
    private func openSocket(after: Int64?) async -> String {
        var query = [URLQueryItem(name: "program", value: source.program)]
        if let after { query.append(URLQueryItem(name: "since", value: String(after))) }
        var headers = HTTPFields()
        if let token = source.api.token { headers[.authorization] = "Bearer \(token)" }
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: Self.maxMessageBytes, additionalHeaders: headers, closeTimeout: .seconds(2), autoPing: .enabled(timePeriod: .seconds(10)))
        do {
            let close = try await WebSocketClient.connect(url: source.api.webSocketURL(query: query), configuration: configuration, logger: logger) {
                inbound, outbound, _ in
                try await outbound.write(.text(self.hello()))
                try await outbound.write(.text(#"{"type":"subscribe","eventTypes":["*"]}"#))
                for try await message in inbound.messages(maxSize: Self.maxMessageBytes) {
                    guard case .text(let text) = message else { continue }
                    try await self.handle(text)
                }
            }
            if let close { return "closed by the server (\(close.closeCode)\(close.reason.map { ": \($0)" } ?? ""))" }
            return "the server closed the connection"
        } catch let error as TaskAPIError {
            return error.message
        } catch {
            return Self.describe(error)
        }
    }

    private func hello() -> String {
        let fields: JSONValue = .object(["type": .string("hello"), "program": .string(source.program), "user": .string(source.status.user)])
        return (try? JSONEncoder().encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? #"{"type":"hello"}"#
    }

    private func handle(_ text: String) async throws {
        let message: InboundMessage
        do { message = try InboundMessage.parse(text) } catch {
            logger.warning("unreadable message from the server", metadata: ["error": "\(error)"])
            return
        }
        switch message {
        case .event(let event):
            if machine.withLock({ $0.accept(seq: event.seq) }) {
                guard await sink.send(.event(event)) else { throw CancellationError() }
            }
        case .welcome(let seq, let user):
            source.learned(user: user)
            try await perform(step { $0.welcomed(serverSeq: seq) })
        case .resumed:
            try await perform(step { $0.resumed() })
        case .resyncRequired:
            logger.notice("the server cannot replay what was missed; reloading the board")
            try await perform(step { $0.resyncRequired() })
        case .error(let code, let text):
            logger.warning("server error message", metadata: ["code": "\(code)", "message": "\(text)"])
        case .other:
            break
        }
    }

    /// Carries out actions that happen inside a session: reloads and reports.
    private func perform(_ actions: [ConnectionMachine.Action]) async throws {
        for action in actions {
            switch action {
            case .reload:
                let board = try await source.api.board()
                if delivered.exchange(true, ordering: .acquiringAndReleasing) {
                    await sink.send(.resync(board))
                } else {
                    first.yield(board)
                    first.finish()
                }
                try await perform(step { $0.reloaded(seq: board.lastSeq) })
            case .report(let phase):
                await report(phase)
                if phase == .live, let clients = try? await source.api.clients() { await sink.send(.clients(clients)) }
            case .open, .wait, .close:
                break
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
