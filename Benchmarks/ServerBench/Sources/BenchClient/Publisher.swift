import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Monotonic nanoseconds, the same clock in every process on the machine.
func monotonicNanos() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// Creates tasks over REST (HTTP/1.1 keep-alive on a plain socket) at a fixed rate, each titled
/// with its send time. Blocking; run it on a thread of its own.
final class Publisher: @unchecked Sendable {
    // @unchecked: used from one thread at a time (the one running `run`).
    private let fd: Int32
    private let token: String

    init(port: Int, token: String) {
        self.token = token
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    }

    deinit { close(fd) }

    /// Posts `rate` tasks a second for `seconds`; returns how many the server acknowledged (201).
    func run(rate: Int, seconds: Double) -> Int {
        let total = Int(Double(rate) * seconds)
        let start = monotonicNanos()
        var acknowledged = 0
        for index in 0..<total {
            let due = start + UInt64(Double(index) / Double(rate) * 1e9)
            let now = monotonicNanos()
            if due > now { usleep(useconds_t((due - now) / 1000)) }
            if post(title: "t\(monotonicNanos())") { acknowledged += 1 }
        }
        return acknowledged
    }

    private func post(title: String) -> Bool {
        let body = "{\"title\":\"\(title)\"}"
        let request = "POST /api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let bytes = Array(request.utf8)
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else { return false }
        return readResponse()
    }

    private var pending: [UInt8] = []

    private func readResponse() -> Bool {
        while true {
            if let end = headEnd() {
                let head = String(decoding: pending[..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                while pending.count < end + 4 + length { if !fill() { return false } }
                pending.removeFirst(end + 4 + length)
                return head.hasPrefix("HTTP/1.1 201")
            }
            if !fill() { return false }
        }
    }

    private func headEnd() -> Int? {
        guard pending.count >= 4 else { return nil }
        for index in 0...(pending.count - 4) where pending[index] == 13 && pending[index + 1] == 10 && pending[index + 2] == 13 && pending[index + 3] == 10 {
            return index
        }
        return nil
    }

    private func fill() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return false }
        pending += buffer[0..<count]
        return true
    }
}

/// A WebSocket client that upgrades and then never reads: the server must close it as a slow
/// consumer without slowing anyone else.
final class StuckClient: @unchecked Sendable {
    // @unchecked: the descriptor is only closed in deinit.
    private let fd: Int32

    init(port: Int, token: String) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var size: Int32 = 4096
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        let request = "GET /ws?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    deinit { close(fd) }
}
