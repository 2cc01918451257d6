import CompressNIO
import Foundation
import IsomorphiqCore
@testable import IsomorphiqServer
import NIOCore
import Testing

/// Frames a well-behaved client library will not send, written byte by byte on a raw socket.
@Suite("WebSocket: frames no client library sends", .timeLimit(.minutes(1)))
struct WebSocketClientFrameTests {
    @Test("An unmasked client frame closes with 1002 (RFC 6455 §5.1) and is not acted on")
    func unmasked() async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let socket = try RawSocket(port: ports.http)
            await socket.send(RawSocket.upgradeRequest(port: ports.http, query: "token=\(TestServer.aliceToken)"))
            #expect(RawSocket.status(await socket.head()) == 101)
            await socket.send(RawFrame.text(Array(#"{"type":"ping","id":1}"#.utf8), masked: false))
            let frames = await socket.framesUntilClose()
            #expect(frames.close == 1002)
            #expect(!frames.texts.contains { $0.contains("pong") }, "\(frames.texts)")
        }
    }

    @Test("An unmasked control frame (ping, close) closes with 1002 too", arguments: [UInt8(9), UInt8(8)])
    func unmaskedControl(opcode: UInt8) async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let socket = try RawSocket(port: ports.http)
            await socket.send(RawSocket.upgradeRequest(port: ports.http, query: "token=\(TestServer.aliceToken)"))
            #expect(RawSocket.status(await socket.head()) == 101)
            // Past the upgrade: the welcome is sent once the session runs (and its handlers are in).
            _ = await socket.framesUntilClose { $0.contains("welcome") }
            await socket.send(RawFrame.frame(opcode: opcode, payload: opcode == 8 ? [0x03, 0xE8] : [1, 2], masked: false, rsv1: false))
            #expect(await socket.framesUntilClose().close == 1002)
        }
    }

    @Test("Masked frames still work: the same ping masked gets its pong")
    func masked() async throws {
        let fixture = try TestServer()
        try await fixture.live { ports in
            let socket = try RawSocket(port: ports.http)
            await socket.send(RawSocket.upgradeRequest(port: ports.http, query: "token=\(TestServer.aliceToken)"))
            #expect(RawSocket.status(await socket.head()) == 101)
            await socket.send(RawFrame.text(Array(#"{"type":"ping","id":1}"#.utf8), masked: true))
            let untilPong = await socket.framesUntilClose { $0.contains("pong") }
            #expect(untilPong.texts.last?.contains("pong") == true, "\(untilPong.texts)")
            await socket.send(RawFrame.close(masked: true))
            #expect(await socket.framesUntilClose().close == 1000)
        }
    }

    @Test("A permessage-deflate bomb (1 KB inflating to 1 MiB) closes with 1009, like any message over 64 KiB")
    func deflateBomb() async throws {
        let fixture = try TestServer { $0.compression = true }
        try await fixture.live { ports in
            let socket = try RawSocket(port: ports.http)
            var upgrade = RawSocket.upgradeRequest(port: ports.http, query: "token=\(TestServer.aliceToken)")
            upgrade.removeLast()  // the blank line ("\r\n" is one Character)
            await socket.send(upgrade + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
            let head = await socket.head()
            #expect(RawSocket.status(head) == 101)
            #expect(head.contains("permessage-deflate"))
            var message = ByteBuffer(string: #"{"type":"ping","id":""# + String(repeating: "a", count: 1 << 20) + #""}"#)
            let compressed = try message.compress(with: .deflate())
            #expect(compressed.readableBytes < 4096)
            await socket.send(RawFrame.text(Array(compressed.readableBytesView), masked: true, compressed: true))
            let frames = await socket.framesUntilClose()
            #expect(frames.close == 1009)
        }
    }
}

/// Client frames built by hand.
enum RawFrame {
    static func text(_ payload: [UInt8], masked: Bool, compressed: Bool = false) -> [UInt8] {
        frame(opcode: 1, payload: payload, masked: masked, rsv1: compressed)
    }

    static func close(masked: Bool) -> [UInt8] {
        frame(opcode: 8, payload: [0x03, 0xE8], masked: masked, rsv1: false)
    }

    static func frame(opcode: UInt8, payload: [UInt8], masked: Bool, rsv1: Bool) -> [UInt8] {
        var bytes: [UInt8] = [0x80 | (rsv1 ? 0x40 : 0) | opcode]
        let mask: UInt8 = masked ? 0x80 : 0
        switch payload.count {
        case ..<126: bytes.append(mask | UInt8(payload.count))
        case ..<65_536: bytes += [mask | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: bytes += [mask | 127] + (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        guard masked else { return bytes + payload }
        let key: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        return bytes + key + payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
    }
}

extension RawSocket {
    /// The server's frames up to its close (or a text for which `stop` holds): text payloads and
    /// the close code (`nil` if the connection ended without a close frame, or `stop` held).
    func framesUntilClose(stop: (String) -> Bool = { _ in false }) async -> (texts: [String], close: Int?) {
        var bytes: [UInt8] = []
        var texts: [String] = []
        while true {
            while let (opcode, payload, length) = Self.parseFrame(bytes) {
                bytes.removeFirst(length)
                if opcode == 1 {
                    texts.append(String(decoding: payload, as: UTF8.self))
                    if stop(texts[texts.count - 1]) { return (texts, nil) }
                }
                if opcode == 8 { return (texts, payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : nil) }
            }
            let chunk = await blocking { self.read() }
            if chunk.isEmpty { return (texts, nil) }
            bytes += chunk
        }
    }

    /// One unmasked server frame at the start of `bytes`: opcode, payload, bytes used.
    static func parseFrame(_ bytes: [UInt8]) -> (UInt8, [UInt8], Int)? {
        guard bytes.count >= 2 else { return nil }
        var length = Int(bytes[1] & 0x7F)
        var offset = 2
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            offset = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return nil }
            length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        guard bytes.count >= offset + length else { return nil }
        return (bytes[0] & 0x0F, Array(bytes[offset..<(offset + length)]), offset + length)
    }
}
