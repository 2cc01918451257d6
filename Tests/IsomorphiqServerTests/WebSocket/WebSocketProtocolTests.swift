import Foundation
import IsomorphiqCore
@testable import IsomorphiqServer
import NIOCore
import NIOWebSocket
import Testing

@Suite("WebSocket: protocol", .timeLimit(.minutes(1)))
struct WebSocketProtocolTests {
    @Test("welcome on connect; task events arrive in the DESIGN envelope, by default only task events")
    func welcomeAndEvents() async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http)
            let welcome = try #require(await ws.next())
            #expect(welcome["type"]?.stringValue == "welcome")
            #expect(welcome["serverVersion"]?.stringValue == "0.1.0")
            #expect(welcome["seq"]?.int == 0)
            #expect(welcome["user"]?.stringValue == "alice")
            #expect(welcome["subscriptions"]?["eventTypes"]?.array?.count == EventType.taskEvents.count)
            let task = try await fixture.createTask("live")
            let message = try #require(await ws.next())
            #expect(message["seq"]?.int == 1)
            #expect(message["event"]?["type"]?.stringValue == "task_created")
            #expect(message["event"]?["data"]?["task"]?["id"]?.stringValue == task.id.wire)
            #expect(message["id"]?.stringValue == message["event"]?["id"]?.stringValue)
            try await ws.close()
        }
    }

    @Test("subscribe and unsubscribe acknowledge the current set and filter what arrives; ping gets pong")
    func subscriptions() async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http)
            _ = await ws.next(type: "welcome")
            try await ws.send(#"{"type":"unsubscribe","eventTypes":["*"]}"#)
            let none = try #require(await ws.next(type: "unsubscribed"))
            #expect(none["eventTypes"]?.array == [])
            try await ws.send(#"{"type":"subscribe","eventTypes":["task_status_changed"]}"#)
            let ack = try #require(await ws.next(type: "subscribed"))
            #expect(ack["eventTypes"]?.array == [.string("task_status_changed")])
            let task = try await fixture.createTask("filtered")
            _ = try await fixture.service.handle(TaskCommand(.setStatus(task.id, .done)), as: EventContext(userId: "alice", source: "test"))
            try await ws.send(#"{"type":"ping","id":7}"#)
            let first = try #require(await ws.next())
            #expect(first["event"]?["type"]?.stringValue == "task_status_changed")
            let pong = try #require(await ws.next())
            #expect(pong["type"]?.stringValue == "pong")
            #expect(pong["id"]?.int == 7)
            try await ws.close()
        }
    }

    @Test("A message split across frames is answered once, when its last frame arrives")
    func fragmentedMessage() async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http)
            _ = await ws.next(type: "welcome")
            try await ws.send(frame: WebSocketFrame(fin: false, opcode: .text, data: ByteBuffer(string: #"{"type":"pi"#)))
            try await ws.send(frame: WebSocketFrame(fin: false, opcode: .continuation, data: ByteBuffer(string: #"ng","#)))
            try await ws.send(frame: WebSocketFrame(fin: true, opcode: .continuation, data: ByteBuffer(string: #""id":3}"#)))
            let pong = try #require(await ws.next())
            #expect(pong["type"]?.stringValue == "pong")
            #expect(pong["id"]?.int == 3)
            try await ws.close()
        }
    }

    @Test("A task-id filter passes only that task's events")
    func taskFilter() async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let watched = try await fixture.createTask("watched")
            let ws = try await WSProbe(port: ports.http)
            _ = await ws.next(type: "welcome")
            try await ws.send(#"{"type":"subscribe","eventTypes":["task_priority_changed"],"taskIds":["\#(watched.id.wire)"]}"#)
            _ = await ws.next(type: "subscribed")
            let other = try await fixture.createTask("other")
            for id in [other.id, watched.id] {
                _ = try await fixture.service.handle(TaskCommand(.setPriority(id, .high)), as: EventContext(userId: "alice", source: "test"))
            }
            let event = try #require(await ws.next(type: "task_priority_changed"))
            #expect(event["event"]?["data"]?["taskId"]?.stringValue == watched.id.wire)
            try await ws.close()
        }
    }

    @Test("hello names the client in /api/clients; presence events announce clients coming and going")
    func helloAndPresence() async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let watcher = try await WSProbe(port: ports.http)
            _ = await watcher.next(type: "welcome")
            try await watcher.send(#"{"type":"subscribe","eventTypes":["client_connected","client_disconnected"]}"#)
            _ = await watcher.next(type: "subscribed")
            let other = try await WSProbe(port: ports.http, query: "token=\(TestServer.bobToken)&program=python")
            let connected = try #require(await watcher.next(type: "client_connected"))
            #expect(connected["event"]?["data"]?["user"]?.stringValue == "bob")
            #expect(connected["event"]?["data"]?["program"]?.stringValue == "python")
            _ = await other.next(type: "welcome")
            try await other.send(#"{"type":"hello","program":"pytest-client"}"#)
            _ = await other.next(type: "hello_ack")
            #expect(fixture.server.components.hub.clients().contains { $0.program == "pytest-client" && $0.user == "bob" })
            try await other.close()
            let gone = try #require(await watcher.next(type: "client_disconnected"))
            #expect(gone["event"]?["data"]?["user"]?.stringValue == "bob")
            try await watcher.close()
        }
    }

    @Test("Graceful shutdown closes every client with 1001")
    func shutdownCloses() async throws {
        let fixture = try TestServer()
        let ws = try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http)
            _ = await ws.next(type: "welcome")
            return ws
        }
        #expect(try await ws.closeCode() == .goingAway)
    }

    @Test("permessage-deflate is negotiated when offered and enabled")
    func compression() async throws {
        let fixture = try TestServer { $0.compression = true }
        try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http, compression: true)
            _ = await ws.next(type: "welcome")
            try await fixture.createTask(String(repeating: "compressible ", count: 10))
            let event = try #require(await ws.next(type: "task_created"))
            #expect(event["seq"]?.int == 1)
            try await ws.close()
        }
    }
}
