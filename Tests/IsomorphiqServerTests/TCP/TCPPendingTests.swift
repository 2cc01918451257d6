import Foundation
import IsomorphiqCore
@testable import IsomorphiqServer
import Testing

/// TCP connections before their first valid token count against the pending cap and have
/// `idleTimeout` to authenticate.
@Suite("TCP: connections before a token", .timeLimit(.minutes(1)))
struct TCPPendingTests {
    static let list = #"{"id":1,"token":"\#(TestServer.aliceToken)","command":"list_tasks"}"#

    @Test("A connection that sends no valid token is answered auth_timeout and closed")
    func authTimeout() async throws {
        let fixture = try TestServer {
            $0.tcpPort = 0
            $0.idleTimeout = .milliseconds(300)
        }
        try await fixture.live { ports in
            let silent = try RawSocket(port: try #require(ports.tcp))
            let reply = await silent.nextLine().flatMap(JSON.parse)
            #expect(reply?["error"]?["code"]?.stringValue == "auth_timeout")
            #expect(await silent.closed())

            let wrongToken = try RawSocket(port: try #require(ports.tcp))
            #expect(await wrongToken.request(#"{"id":1,"token":"nope-nope-nope","command":"list_tasks"}"#)?["error"]?["code"]?.stringValue == "unauthorized")
            #expect(await wrongToken.nextLine().flatMap(JSON.parse)?["error"]?["code"]?.stringValue == "auth_timeout")
        }
    }

    @Test("An authenticated connection is not timed out")
    func authenticatedStays() async throws {
        let fixture = try TestServer {
            $0.tcpPort = 0
            $0.idleTimeout = .milliseconds(200)
        }
        try await fixture.live { ports in
            let tcp = try RawSocket(port: try #require(ports.tcp))
            #expect(await tcp.request(Self.list)?["ok"] == .bool(true))
            try await Task.sleep(for: .milliseconds(600))
            #expect(await tcp.request(#"{"id":2,"command":"list_tasks"}"#)?["ok"] == .bool(true))
        }
    }

    @Test("Past --max-pending-connections a TCP connection is refused; a token frees the place; HTTP and TCP share the count")
    func pendingCap() async throws {
        let fixture = try TestServer {
            $0.tcpPort = 0
            $0.maxPendingConnections = 2
        }
        try await fixture.live { ports in
            let tcpPort = try #require(ports.tcp)
            let first = try RawSocket(port: tcpPort)
            let http = try RawSocket(port: ports.http)
            #expect(await eventually { fixture.server.components.pending.current == 2 })
            let refused = try RawSocket(port: tcpPort)
            #expect(await refused.nextLine().flatMap(JSON.parse)?["error"]?["code"]?.stringValue == "too_many_connections")
            #expect(await refused.closed())

            #expect(await first.request(Self.list)?["ok"] == .bool(true))
            #expect(await eventually { fixture.server.components.pending.current == 1 })
            let next = try RawSocket(port: tcpPort)
            #expect(await next.request(Self.list)?["ok"] == .bool(true))
            _ = http
        }
    }
}
