import Foundation
import IsomorphiqCore
@testable import IsomorphiqServer
import Testing

@Suite("TCP: commands", .timeLimit(.minutes(1)))
struct TCPCommandTests {
    static let token = TestServer.aliceToken

    @Test("Every command answers {id, ok, data}; the token is remembered on the connection")
    func commands() async throws {
        let fixture = try TestServer { $0.tcpPort = 0 }
        try await fixture.live { ports in
            let tcp = try RawSocket(port: try #require(ports.tcp))
            let created = try #require(await tcp.request(#"{"id":1,"token":"\#(Self.token)","command":"create_task","data":{"title":"over tcp","priority":"high"}}"#))
            #expect(created["id"]?.int == 1)
            #expect(created["ok"] == .bool(true))
            let id = try #require(created["data"]?["task"]?["id"]?.stringValue)
            #expect(created["data"]?["task"]?["createdBy"]?.stringValue == "alice")

            let got = await tcp.request(#"{"id":2,"command":"get_task","data":{"id":"\#(id)"}}"#)
            #expect(got?["data"]?["task"]?["title"]?.stringValue == "over tcp")
            let updated = await tcp.request(#"{"id":3,"command":"update_task","data":{"id":"\#(id)","title":"renamed"}}"#)
            #expect(updated?["data"]?["task"]?["title"]?.stringValue == "renamed")
            let status = await tcp.request(#"{"id":4,"command":"update_task_status","data":{"id":"\#(id)","status":"in-progress"}}"#)
            #expect(status?["data"]?["task"]?["status"]?.stringValue == "in-progress")
            let priority = await tcp.request(#"{"id":5,"command":"update_task_priority","data":{"id":"\#(id)","priority":"low"}}"#)
            #expect(priority?["data"]?["task"]?["priority"]?.stringValue == "low")
            let list = await tcp.request(#"{"id":6,"command":"list_tasks","data":{"status":"in-progress"}}"#)
            #expect(list?["data"]?["tasks"]?.array?.count == 1)
            let search = await tcp.request(#"{"id":7,"command":"search_tasks","data":{"query":"RENAMED"}}"#)
            #expect(search?["data"]?["total"]?.int == 1)
            let deleted = await tcp.request(#"{"id":8,"command":"delete_task","data":{"id":"\#(id)"}}"#)
            #expect(deleted?["ok"] == .bool(true))
            #expect(fixture.bus.board.count == 0)
        }
    }

    @Test("A line that is not UTF-8 gets invalid_utf8, creates nothing, and the connection stays")
    func invalidUTF8() async throws {
        let fixture = try TestServer { $0.tcpPort = 0 }
        try await fixture.live { ports in
            let tcp = try RawSocket(port: try #require(ports.tcp))
            let line = Array(#"{"id":1,"token":"\#(Self.token)","command":"create_task","data":{"title":"bad "#.utf8) + [0xFF, 0xFE] + Array("\"}}\n".utf8)
            await tcp.send(line)
            let reply = await tcp.nextLine().flatMap(JSON.parse)
            #expect(reply?["ok"] == .bool(false))
            #expect(reply?["error"]?["code"]?.stringValue == "invalid_utf8")
            #expect(fixture.bus.board.count == 0)
            let after = await tcp.request(#"{"id":2,"token":"\#(Self.token)","command":"list_tasks"}"#)
            #expect(after?["ok"] == .bool(true))
        }
    }

    @Test("Bad lines get an error reply and the connection stays", arguments: [
        ("not json", "invalid_json"),
        (#"{"id":1,"command":"get_task","data":{}}"#, "unauthorized"),
        (#"{"id":1,"token":"wrong-wrong-wrong","command":"list_tasks"}"#, "unauthorized"),
        (#"{"id":1,"token":"\#(token)","command":"explode"}"#, "bad_request"),
        (#"{"id":1,"token":"\#(token)","command":"get_task","data":{"id":"nope"}}"#, "bad_request"),
        (#"{"id":1,"token":"\#(token)","command":"get_task","data":{"id":"\#(UUID().uuidString)"}}"#, "not_found"),
        (#"{"id":1,"token":"\#(token)","command":"create_task","data":{"title":""}}"#, "validation"),
        ("{\"id\":1,\"pad\":\"" + String(repeating: "x", count: 70_000) + "\"}", "line_too_long"),
    ])
    func badLines(_ line: String, _ code: String) async throws {
        let fixture = try TestServer { $0.tcpPort = 0 }
        try await fixture.live { ports in
            let tcp = try RawSocket(port: try #require(ports.tcp))
            let reply = await tcp.request(line)
            #expect(reply?["ok"] == .bool(false))
            #expect(reply?["error"]?["code"]?.stringValue == code, "\(reply.map(JSON.string) ?? "no reply")")
            let after = await tcp.request(#"{"id":9,"token":"\#(Self.token)","command":"list_tasks"}"#)
            #expect(after?["ok"] == .bool(true))
        }
    }

    @Test("subscribe streams events as lines in the WebSocket envelope")
    func subscribe() async throws {
        let fixture = try TestServer { $0.tcpPort = 0 }
        try await fixture.live { ports in
            let tcp = try RawSocket(port: try #require(ports.tcp))
            let ack = await tcp.request(#"{"id":"s","token":"\#(Self.token)","command":"subscribe","data":{"eventTypes":["task_created"]}}"#)
            #expect(ack?["ok"] == .bool(true))
            try await fixture.createTask("streamed")
            let line = try #require(await tcp.nextLine().flatMap(JSON.parse))
            #expect(line["event"]?["type"]?.stringValue == "task_created")
            #expect(line["seq"]?.int == 1)
            #expect(fixture.server.components.hub.clients().contains { $0.transport == "tcp" })
        }
    }
}
