import Foundation
import IsomorphiqCore
import NIOWebSocket
@testable import IsomorphiqServer
import Testing

/// `token revoke` and `token add` from another process take effect on a running server at once:
/// requests with a revoked token are refused, its WebSocket and TCP sessions are closed, and a new
/// token works without a restart.
@Suite("Auth: live token changes", .timeLimit(.minutes(1)))
struct TokenRevocationTests {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The status of `GET path` with `token`, over a fresh connection.
    static func status(_ port: Int, _ path: String, token: String) async throws -> Int? {
        let socket = try RawSocket(port: port)
        await socket.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
        return RawSocket.status(await socket.head())
    }

    @Test("another process's revoke closes bob's WebSocket (4001) and TCP sessions and refuses his requests; its add works at once")
    func revokeAndAddWhileServing() async throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = try TestServer({ $0.tcpPort = 0 }, tokenDirectory: dir)
        try await fixture.live { ports in
            let bob = TestServer.bobToken
            #expect(try await Self.status(ports.http, "/api/tasks", token: bob) == 200)
            let socket = try await WSProbe(port: ports.http, query: "token=\(bob)")
            #expect(await socket.next(type: "welcome") != nil)
            let idle = try RawSocket(port: try #require(ports.tcp))
            #expect(await idle.request(#"{"id":1,"token":"\#(bob)","command":"list_tasks"}"#)?["ok"] == .bool(true))
            let subscribed = try RawSocket(port: try #require(ports.tcp))
            #expect(await subscribed.request(#"{"id":1,"token":"\#(bob)","command":"subscribe"}"#)?["ok"] == .bool(true))
            let alice = try await WSProbe(port: ports.http)
            #expect(await alice.next(type: "welcome") != nil)

            // What `isomorphiq-tui token revoke bob` does: another process, the same file.
            try TokenStore.open(directory: dir).revoke("bob")

            #expect(try await socket.closeCode() == .unknown(4001))
            for tcp in [idle, subscribed] {
                let line = await tcp.nextLine()
                #expect(line.flatMap(JSON.parse)?["error"]?["code"]?.stringValue == "token_revoked", "\(line ?? "nil")")
                #expect(await tcp.closed())
            }
            #expect(try await Self.status(ports.http, "/api/tasks", token: bob) == 401)
            #expect(await eventually { fixture.server.components.hub.connectionCount == 1 }, "alice stays connected")

            let carol = try TokenStore.open(directory: dir).add("carol")
            #expect(await eventually(timeout: .seconds(2)) { fixture.tokens.user(forToken: carol) != nil })
            #expect(try await Self.status(ports.http, "/api/tasks", token: carol) == 200)
            try await alice.close()
        }
    }

    @Test("a revoke made in the server's own process closes the sockets too; a TCP line with a revoked token is refused")
    func revokeInProcess() async throws {
        let fixture = try TestServer { $0.tcpPort = 0 }
        try await fixture.live { ports in
            let tcp = try RawSocket(port: try #require(ports.tcp))
            #expect(await tcp.request(#"{"id":1,"token":"\#(TestServer.bobToken)","command":"list_tasks"}"#)?["ok"] == .bool(true))
            try fixture.tokens.revoke("bob")
            #expect(await tcp.nextLine().flatMap(JSON.parse)?["error"]?["code"]?.stringValue == "token_revoked")
            #expect(await tcp.closed())
        }
    }
}
