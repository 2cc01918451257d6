import Foundation
import IsomorphiqCore
@testable import IsomorphiqServer
import Testing

/// Connections that never send a proper request: each is answered and closed, and none of them
/// keeps the server from answering others.
@Suite("Server: malformed and idle connections", .timeLimit(.minutes(1)))
struct ConnectionGuardTests {
    static let health = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    @Test("Malformed HTTP gets its status, then the socket is closed", arguments: [
        ("garbage request line", "HELLO WORLD\r\n\r\n", 400),
        ("bare LF line ends", "GET /health HTTP/1.1\nHost: x\n\n", 400),
        ("1,000 header fields", "GET /health HTTP/1.1\r\n" + (0..<1000).map { "X-\($0): a\r\n" }.joined() + "\r\n", 431),
        ("one 9 KiB header field", "GET /health HTTP/1.1\r\nX-Big: " + String(repeating: "b", count: 9 << 10) + "\r\n\r\n", 431),
        ("100 KB URL", "GET /" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("Content-Length not a number", "POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400),
        ("two different Content-Lengths", "POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
        ("a WebSocket upgrade with a garbage header", "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nBad Header\r\n\r\n", 400),
    ])
    func malformed(_ name: String, _ request: String, _ status: Int) async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let socket = try RawSocket(port: ports.http)
            await socket.send(request)
            let head = await socket.head()
            #expect(RawSocket.status(head) == status, "\(name): \(head.prefix(80))")
            #expect(head.lowercased().contains("connection: close"), "\(name)")
            #expect(await socket.closed(), "\(name): the socket stays open")
            let after = try RawSocket(port: ports.http)
            await after.send(Self.health)
            #expect(RawSocket.status(await after.head()) == 200)
            #expect(fixture.bus.board.count == 0)
        }
    }

    @Test("Slowloris: connections that trickle their headers get 408 and are closed; /health answers meanwhile")
    func slowloris() async throws {
        let fixture = try TestServer { $0.headerTimeout = .milliseconds(500) }
        try await fixture.live { ports in
            let slow = try (0..<50).map { _ in try RawSocket(port: ports.http) }
            for socket in slow { await socket.send("GET /health HTTP/1.1\r\n") }
            let trickle = Task {
                for line in 0..<20 {
                    for socket in slow { await socket.send("X-Slow-\(line): a\r\n") }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let healthy = try RawSocket(port: ports.http)
            await healthy.send(Self.health)
            #expect(RawSocket.status(await healthy.head()) == 200)
            for socket in slow {
                #expect(RawSocket.status(await socket.head()) == 408)
                #expect(await socket.closed())
            }
            trickle.cancel()
            #expect(await eventually { fixture.server.components.pending.current == 0 })
        }
    }

    @Test("A connection that sends nothing is closed after the header timeout")
    func silent() async throws {
        let fixture = try TestServer { $0.headerTimeout = .milliseconds(300) }
        try await fixture.live { ports in
            let socket = try RawSocket(port: ports.http)
            #expect(RawSocket.status(await socket.head()) == 408)
            #expect(await socket.closed())
        }
    }

    @Test("A keep-alive connection idle after its response is closed after the idle timeout")
    func idle() async throws {
        let fixture = try TestServer { $0.idleTimeout = .milliseconds(300) }
        try await fixture.live { ports in
            let socket = try RawSocket(port: ports.http)
            await socket.send(Self.health)
            #expect(RawSocket.status(await socket.head()) == 200)
            #expect(await socket.closed())
        }
    }

    @Test("Past --max-pending-connections a new connection gets 503; one that completes a request frees its place")
    func pendingCap() async throws {
        let fixture = try TestServer { $0.maxPendingConnections = 3 }
        try await fixture.live { ports in
            let waiting = try (0..<3).map { _ in try RawSocket(port: ports.http) }
            #expect(await eventually { fixture.server.components.pending.current == 3 })
            let refused = try RawSocket(port: ports.http)
            let head = await refused.head()
            #expect(RawSocket.status(head) == 503, "\(head)")
            #expect(head.contains("Retry-After: 1"))
            #expect(await refused.closed())

            await waiting[0].send(Self.health)
            #expect(RawSocket.status(await waiting[0].head()) == 200)
            #expect(await eventually { fixture.server.components.pending.current == 2 })
            let admitted = try RawSocket(port: ports.http)
            await admitted.send(Self.health)
            #expect(RawSocket.status(await admitted.head()) == 200)
            // The request done, the connection no longer counts, though it stays open.
            await waiting[0].send(Self.health)
            #expect(RawSocket.status(await waiting[0].head()) == 200)
        }
    }

    @Test("A WebSocket stops counting as pending once its upgrade request has arrived")
    func upgradeFreesSlot() async throws {
        let fixture = try TestServer { $0.maxPendingConnections = 1 }
        try await fixture.live { ports in
            let socket = try RawSocket(port: ports.http)
            await socket.send(RawSocket.upgradeRequest(port: ports.http, query: "token=\(TestServer.aliceToken)"))
            #expect(RawSocket.status(await socket.head()) == 101)
            #expect(await eventually { fixture.server.components.pending.current == 0 })
            let next = try RawSocket(port: ports.http)
            await next.send(Self.health)
            #expect(RawSocket.status(await next.head()) == 200)
        }
    }
}
