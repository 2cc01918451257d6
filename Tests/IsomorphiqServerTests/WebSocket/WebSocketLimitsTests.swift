import Foundation
import IsomorphiqCore
@testable import IsomorphiqServer
import NIOCore
import NIOWebSocket
import Testing

@Suite("WebSocket: bad input, limits and refusals", .timeLimit(.minutes(1)))
struct WebSocketLimitsTests {
    struct BadMessage: Sendable, CustomTestStringConvertible {
        var text: String
        var code: String
        var testDescription: String { text }
    }

    static let badMessages: [BadMessage] = [
        BadMessage(text: "{not json", code: "invalid_json"),
        BadMessage(text: "[]", code: "invalid_message"),
        BadMessage(text: #"{"eventTypes":["*"]}"#, code: "invalid_message"),
        BadMessage(text: #"{"type":"dance"}"#, code: "unknown_type"),
        BadMessage(text: #"{"type":"subscribe"}"#, code: "invalid_message"),
        BadMessage(text: #"{"type":"subscribe","eventTypes":["task_exploded"]}"#, code: "invalid_message"),
        BadMessage(text: #"{"type":"subscribe","eventTypes":["*"],"taskIds":["nope"]}"#, code: "invalid_message"),
        BadMessage(text: #"{"type":"resume"}"#, code: "invalid_message"),
        BadMessage(text: #"{"type":"resume","afterSeq":-1}"#, code: "invalid_message"),
        BadMessage(text: #"{"type":"hello","program":""}"#, code: "invalid_message"),
    ]

    @Test("A bad message gets an error reply and the connection stays", arguments: badMessages)
    func badMessage(_ bad: BadMessage) async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http)
            _ = await ws.next(type: "welcome")
            try await ws.send(bad.text)
            let error = try #require(await ws.next())
            #expect(error["type"]?.stringValue == "error")
            #expect(error["code"]?.stringValue == bad.code)
            try await ws.send(#"{"type":"ping"}"#)
            #expect(await ws.next()?["type"]?.stringValue == "pong")
            try await ws.close()
        }
    }

    @Test("More than 10 bad messages in 10 s closes with 1008")
    func tooManyBadMessages() async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http)
            _ = await ws.next(type: "welcome")
            for _ in 0..<11 { try await ws.send("nonsense") }
            #expect(try await ws.closeCode() == .policyViolation)
        }
    }

    @Test("Frame errors close with the protocol's codes", arguments: [
        ("binary", 1003), ("oversized", 1009), ("invalid UTF-8", 1007), ("stray continuation", 1002),
        ("oversized in pieces", 1009),
    ])
    func frameErrors(_ kind: String, _ expected: Int) async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http)
            _ = await ws.next(type: "welcome")
            switch kind {
            case "binary": try await ws.send(frame: WebSocketFrame(fin: true, opcode: .binary, data: ByteBuffer(bytes: [1, 2, 3])))
            case "oversized": try await ws.send(String(repeating: "x", count: 65 * 1024))
            case "stray continuation": try await ws.send(frame: WebSocketFrame(fin: true, opcode: .continuation, data: ByteBuffer(string: "{}")))
            case "oversized in pieces":
                for index in 0..<3 {
                    let piece = ByteBuffer(repeating: UInt8(ascii: "x"), count: 30 * 1024)
                    try await ws.send(frame: WebSocketFrame(fin: index == 2, opcode: index == 0 ? .text : .continuation, data: piece))
                }
            default: try await ws.send(frame: WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: [0x7b, 0xff, 0xfe, 0x7d])))
            }
            let code = try await ws.closeCode()
            #expect(code.map { UInt16(webSocketErrorCode: $0) } == UInt16(expected))
        }
    }

    @Test("Upgrades without a valid token are 401, from a foreign Origin 403; allowed origins pass")
    func refusals() async throws {
        let fixture = try TestServer { $0.allowedOrigins = ["http://friend.example"] }
        try await fixture.live { ports in
            let cases: [(String, String?, Int)] = [
                ("", nil, 401), ("token=wrong-token-000000", nil, 401),
                ("token=\(TestServer.aliceToken)", "http://evil.example", 403),
                ("token=\(TestServer.aliceToken)", "http://127.0.0.1:\(ports.http)", 101),
                ("token=\(TestServer.aliceToken)", "http://friend.example", 101),
            ]
            for (query, origin, status) in cases {
                let socket = try RawSocket(port: ports.http)
                await socket.send(RawSocket.upgradeRequest(port: ports.http, query: query, origin: origin))
                let head = await socket.head()
                #expect(RawSocket.status(head) == status, "\(query) \(origin ?? "-"): \(head)")
            }
        }
    }

    @Test("Past --max-connections the upgrade is refused with 503 and counted")
    func connectionLimit() async throws {
        let fixture = try TestServer { $0.maxConnections = 2 }
        try await fixture.live { ports in
            let first = try await WSProbe(port: ports.http)
            let second = try await WSProbe(port: ports.http)
            _ = await first.next(type: "welcome")
            _ = await second.next(type: "welcome")
            let socket = try RawSocket(port: ports.http)
            await socket.send(RawSocket.upgradeRequest(port: ports.http, query: "token=\(TestServer.aliceToken)"))
            #expect(RawSocket.status(await socket.head()) == 503)
            #expect(fixture.server.components.metrics.snapshot().connectionsRefused == 1)
            try await first.close()
            try await second.close()
        }
    }

    @Test("A client that stops reading is closed as a slow consumer; the others get every event")
    func slowConsumer() async throws {
        let fixture = try TestServer { $0.webSocketQueueSize = 100; $0.drainTimeout = .milliseconds(200) }
        try await fixture.live { ports in
            let stuck = try RawSocket(port: ports.http, receiveBuffer: 4096)
            await stuck.send(RawSocket.upgradeRequest(port: ports.http, query: "token=\(TestServer.aliceToken)"))
            #expect(RawSocket.status(await stuck.head()) == 101)
            let healthy = try await WSProbe(port: ports.http)
            _ = await healthy.next(type: "welcome")
            let description = String(repeating: "d", count: 9_000)
            let count = 800
            let writer = Task {
                for index in 1...count {
                    _ = try await fixture.service.handle(
                        TaskCommand(.create(NewTask(title: "bulk \(index)", description: description))), as: EventContext(userId: "alice", source: "test"))
                }
            }
            var received = 0
            while received < count, let message = await healthy.next() {
                if message["event"] != nil { received += 1 }
            }
            try await writer.value
            #expect(received == count)
            #expect(await stuck.closed())
            #expect(fixture.server.components.metrics.snapshot().slowConsumerCloses == 1)
            #expect(await eventually { fixture.server.components.hub.connectionCount == 1 })
            try await healthy.close()
        }
    }

    @Test("A client that never answers pings is closed after two heartbeat intervals and cleaned up")
    func heartbeat() async throws {
        // Long enough that the answering client's pongs arrive in time on a loaded 2-core machine.
        let fixture = try TestServer { $0.heartbeat = .milliseconds(600) }
        try await fixture.live { ports in
            let silent = try RawSocket(port: ports.http)
            await silent.send(RawSocket.upgradeRequest(port: ports.http, query: "token=\(TestServer.aliceToken)"))
            #expect(RawSocket.status(await silent.head()) == 101)
            let answering = try await WSProbe(port: ports.http)
            _ = await answering.next(type: "welcome")
            #expect(await silent.closed())
            #expect(await eventually { fixture.server.components.hub.connectionCount == 1 })
            try await answering.send(#"{"type":"ping"}"#)
            #expect(await answering.next(type: "pong") != nil)
            try await answering.close()
        }
    }
}

extension UInt16 {
    init(webSocketErrorCode code: WebSocketErrorCode) {
        var buffer = ByteBuffer()
        buffer.write(webSocketErrorCode: code)
        self = buffer.readInteger(as: UInt16.self) ?? 0
    }
}
