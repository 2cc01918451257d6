import Foundation
import IsomorphiqCore
#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket to 127.0.0.1, for what a well-behaved client library will not do: read raw
/// HTTP statuses, stop reading, never answer pings. Blocking calls run on a queue of its own,
/// never on Swift's cooperative threads (two on this machine; blocking them stalls the server).
final class RawSocket: @unchecked Sendable {
    // @unchecked: the descriptor is used only on `queue`, one call at a time.
    private let fd: Int32
    private let queue = DispatchQueue(label: "raw-socket")
    private var leftover: [UInt8] = []

    /// Blocking; on `queue` only.
    func readLineBlocking() -> String? {
        while true {
            if let newline = leftover.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: leftover[..<newline], as: UTF8.self)
                leftover.removeSubrange(...newline)
                return line
            }
            let chunk = read()
            if chunk.isEmpty { return nil }
            leftover += chunk
        }
    }

    func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: body()) } }
    }

    func send(_ text: String) async { await blocking { self.write(text) } }
    func send(_ bytes: [UInt8]) async { await blocking { self.write(bytes) } }
    func head() async -> String { await blocking { self.readHead() } }
    func closed() async -> Bool { await blocking { self.readUntilClosed() } }

    init(port: Int, receiveBuffer: Int? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func write(_ text: String) {
        write(Array(text.utf8))
    }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Reads what is there (up to `max` bytes); empty at end of stream or timeout.
    func read(max: Int = 65_536) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max)
        let count = recv(fd, &buffer, max, 0)
        return count > 0 ? Array(buffer[0..<count]) : []
    }

    /// Reads until the end of the HTTP head; returns it as text.
    func readHead() -> String {
        var bytes: [UInt8] = []
        while !String(decoding: bytes, as: UTF8.self).contains("\r\n\r\n") {
            let chunk = read(max: 1)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the peer has closed (a read returns end of stream rather than timing out).
    func readUntilClosed() -> Bool {
        while true {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    /// A WebSocket upgrade request for `/ws?query`.
    static func upgradeRequest(port: Int, query: String, origin: String? = nil) -> String {
        var text = "GET /ws?\(query) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        if let origin { text += "Origin: \(origin)\r\n" }
        return text + "\r\n"
    }

    /// Status code of an HTTP response head.
    static func status(_ head: String) -> Int? {
        head.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
    }
}

extension RawSocket {
    /// Sends one line and reads one reply line, as JSON.
    func request(_ line: String) async -> JSONValue? {
        await send(line + "\n")
        return await nextLine().flatMap(JSON.parse)
    }

    /// The next newline-terminated line (bytes after it are kept for the next call).
    func nextLine() async -> String? {
        await blocking { self.readLineBlocking() }
    }
}
