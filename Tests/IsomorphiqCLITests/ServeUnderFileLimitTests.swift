import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `serve` with a low `RLIMIT_NOFILE` flooded with idle connections: at the limit it keeps
/// serving the connections it has without spinning, and once the flood goes it accepts again.
@Suite("isomorphiq-tui serve at the file-descriptor limit", .timeLimit(.minutes(2)))
struct ServeUnderFileLimitTests {
    static let limit = 128
    static let health = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    @Test func keepsServingAndRecovers() throws {
        let dir = try Binary.temporaryDirectory()
        // A header timeout longer than the test and no pending cap to speak of: only the
        // descriptor limit stops the flood.
        let server = try LimitedServe(
            fileLimit: Self.limit, dataDir: dir, extra: ["--header-timeout", "600", "--max-pending-connections", "100000"])
        defer { server.stop() }

        let kept = try BlockingSocket(port: server.port)
        #expect(kept.ask(Self.health).hasPrefix("HTTP/1.1 200"))

        // More than the limit, fewer than limit + backlog, so every connect completes.
        let flood = try (0..<(Self.limit + 100)).map { _ in try BlockingSocket(port: server.port) }
        #expect(server.waitFor { $0.openDescriptors >= Self.limit - 2 }, "descriptors: \(server.openDescriptors)")

        let before = server.cpuSeconds
        Thread.sleep(forTimeInterval: 2)
        let spent = server.cpuSeconds - before
        #expect(spent < 0.25, "the server spent \(spent) s of CPU in 2 s at the descriptor limit")
        #expect(kept.ask(Self.health).hasPrefix("HTTP/1.1 200"), "an open connection is still served")

        flood.forEach { $0.close() }
        #expect(server.waitFor { $0.openDescriptors < Self.limit / 2 })
        let fresh = try BlockingSocket(port: server.port)
        #expect(fresh.ask(Self.health).hasPrefix("HTTP/1.1 200"), "a new connection is served again")
    }
}

/// `serve` under `ulimit -n`, on a free port, memory store.
private final class LimitedServe {
    let process = Process()
    private(set) var port = 0

    init(fileLimit: Int, dataDir: URL, extra: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: Binary.url.path) else { throw Binary.Missing() }
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "ulimit -n \(fileLimit) && exec \"$0\" \"$@\"", Binary.url.path, "serve", "--data-dir", dataDir.path, "--store", "memory",
            "--port", "0", "--tcp-port", "0", "--log-level", "error",
        ] + extra
        process.environment = ["PATH": "/usr/bin:/bin", "USER": "tester", "HOME": dataDir.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var banner = Data()
        while !banner.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += chunk
        }
        let line = String(decoding: banner, as: UTF8.self)
        guard let range = line.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression), let port = Int(line[range].split(separator: ":")[1]) else {
            process.terminate()
            throw ServeProcess.StartFailed(output: line)
        }
        self.port = port
    }

    var openDescriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count) ?? 0
    }

    /// User plus system CPU time of the server so far.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        let ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Polls `condition` every 50 ms for up to 10 s.
    func waitFor(_ condition: (LimitedServe) -> Bool) -> Bool {
        for _ in 0..<200 {
            if condition(self) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition(self)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// A blocking loopback TCP socket with a 5 s receive timeout.
private final class BlockingSocket {
    private var fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    /// Sends `request` and returns what arrives in the first read (empty on timeout or close).
    func ask(_ request: String) -> String {
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    deinit { close() }
}
