import Foundation

/// Runs the built `isomorphiq-tui` as a user would. `make test` builds it before the tests.
enum Binary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "the isomorphiq-tui binary is not built at \(Binary.url.path); run `swift build` first" }
    }

    /// `.build/debug/isomorphiq-tui` of this package, found from this file's path.
    static let url: URL = {
        if let override = ProcessInfo.processInfo.environment["ISOMORPHIQ_BINARY"] { return URL(fileURLWithPath: override) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/isomorphiq-tui")
    }()

    /// Runs the binary with `arguments` and a clean environment plus `environment`, and waits.
    static func run(_ arguments: [String], environment: [String: String] = [:], home: URL? = nil) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw Missing() }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin", "USER": "tester"]
        let home = home ?? FileManager.default.temporaryDirectory.appendingPathComponent("isomorphiq-cli-\(UUID().uuidString)")
        env["HOME"] = home.path
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("isomorphiq-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
