import Foundation

/// `isomorphiq-tui serve` as a child process on free ports, for the commands that talk to a
/// running instance. `stop()` sends SIGTERM and waits.
final class ServeProcess {
    let process = Process()
    let dataDir: URL
    /// `http://127.0.0.1:PORT`, and the local user's token, from the banner.
    private(set) var url = ""
    private(set) var token = ""

    /// `extra`: more options for `serve` (e.g. `--user alice --token T`).
    init(dataDir: URL, extra: [String] = []) throws {
        guard FileManager.default.isExecutableFile(atPath: Binary.url.path) else { throw Binary.Missing() }
        self.dataDir = dataDir
        process.executableURL = Binary.url
        process.arguments = ["serve", "--data-dir", dataDir.path, "--port", "0", "--tcp-port", "0", "--log-level", "error"] + extra
        process.environment = ["PATH": "/usr/bin:/bin", "USER": "tester", "HOME": dataDir.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The banner: "isomorphiq-tui serving http://127.0.0.1:PORT/?token=TOKEN".
        var banner = Data()
        while !banner.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += chunk
        }
        let line = String(decoding: banner, as: UTF8.self)
        guard let range = line.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression),
            let tokenRange = line.range(of: #"token=[^\s]+"#, options: .regularExpression)
        else {
            process.terminate()
            throw StartFailed(output: line)
        }
        url = String(line[range])
        token = String(line[tokenRange].dropFirst("token=".count))
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    struct StartFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "serve did not print its URL: \(output)" }
    }
}
