import Foundation
import HTTPTypes
import HummingbirdWSClient
import HummingbirdWSCompression
import IsomorphiqCore
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// A WebSocket test client: collects text messages in order, sends on demand, and reports the
/// close code the server sent.
final class WSProbe: Sendable {
    private struct State {
        var outbound: WebSocketOutboundWriter?
        var ready: [CheckedContinuation<Void, Never>] = []
    }

    private let mailbox = Mailbox<String>()
    private let state = Mutex(State())
    private let task = Mutex<Task<WebSocketCloseFrame?, any Error>?>(nil)

    init(port: Int, path: String = "/ws", query: String = "token=\(TestServer.aliceToken)", headers: HTTPFields = [:], compression: Bool = false) async throws {
        let mailbox = self.mailbox
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: 1 << 20, additionalHeaders: headers, extensions: compression ? [.perMessageDeflate()] : [])
        let task = Task { [self] () throws -> WebSocketCloseFrame? in
            defer { mailbox.finish() }
            return try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)\(path)?\(query)", configuration: configuration, logger: Logger(label: "test.ws")) { inbound, outbound, _ in
                let waiting = self.state.withLock { state in
                    state.outbound = outbound
                    defer { state.ready = [] }
                    return state.ready
                }
                for waiter in waiting { waiter.resume() }
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { mailbox.put(text) }
                }
            }
        }
        self.task.withLock { $0 = task }
    }

    private func writer() async -> WebSocketOutboundWriter {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.outbound != nil { return true }
                state.ready.append(waiter)
                return false
            }
            if ready { waiter.resume() }
        }
        return state.withLock { $0.outbound! }
    }

    func send(_ text: String) async throws {
        try await writer().write(.text(text))
    }

    func send(frame: WebSocketFrame) async throws {
        try await writer().write(.custom(frame))
    }

    func close() async throws {
        try await writer().close(.normalClosure, reason: nil)
    }

    /// The close frame the server sent, once the connection is over.
    func closeCode() async throws -> WebSocketErrorCode? {
        try await task.withLock { $0! }.value?.closeCode
    }

    /// The next message, or `nil` when the connection ended or nothing came within `timeout`.
    func next(timeout: Duration = .seconds(5)) async -> JSONValue? {
        await mailbox.next(timeout: timeout).flatMap(JSON.parse)
    }

    /// Skips messages until one of `type` (for event envelopes, the event's type) arrives.
    func next(type: String, timeout: Duration = .seconds(5)) async -> JSONValue? {
        while let message = await next(timeout: timeout) {
            if message["type"]?.stringValue == type || message["event"]?["type"]?.stringValue == type { return message }
        }
        return nil
    }
}
