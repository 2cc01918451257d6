import Foundation
import HTTPTypes
import HummingbirdTesting
import IsomorphiqCore
@testable import IsomorphiqServer
import Testing

/// `--ws-path`: the WebSocket lives where the configuration says, and everything that names it
/// (the upgrade, `?token=`, 405s, `/health`, the web page) follows.
@Suite("WebSocket path", .timeLimit(.minutes(1)))
struct WebSocketPathTests {
    @Test func anotherPathIsWhereTheSocketIsAndEverythingSaysSo() async throws {
        let fixture = try TestServer { $0.webSocketPath = "/live/socket" }
        try await fixture.server.makeApplication().test(.router) { client in
            let health = try await client.call(.get, "/health", token: nil)
            #expect(health.json?["webSocketPath"]?.stringValue == "/live/socket")
            let plain = try await client.call(.get, "/live/socket?token=\(TestServer.aliceToken)", token: nil)
            #expect(plain.status == .upgradeRequired, "a query token is taken there, and it wants an upgrade")
            #expect(try await client.call(.get, "/ws").status == .notFound, "the old path is nothing now")
            #expect(try await client.call(.post, "/live/socket").status == .methodNotAllowed)
            let page = try await client.call(.get, "/", token: nil)
            #expect(page.text.contains(#"<meta name="isomorphiq-ws" content="/live/socket">"#))
        }
        // A fixture runs once: router mode above, the real listener on its own.
        let live = try TestServer { $0.webSocketPath = "/live/socket" }
        try await live.live { ports in
            let socket = try await WSProbe(port: ports.http, path: "/live/socket")
            #expect(await socket.next(type: "welcome") != nil, "the socket opens on the configured path")
            try await socket.close()
        }
    }

    @Test("a path another route has, or no path, is refused", arguments: ["/", "/api", "/api/ws", "/health", "/metrics", "ws", "/ws/", "/w s", "/a//b"])
    func refusedPaths(path: String) {
        #expect(!ServerConfiguration.isValidWebSocketPath(path))
    }

    @Test func ordinaryPathsAreAccepted() {
        for path in ["/ws", "/live/socket", "/isomorphiq-ws", "/v1.2/ws_x"] { #expect(ServerConfiguration.isValidWebSocketPath(path), "\(path)") }
    }
}
