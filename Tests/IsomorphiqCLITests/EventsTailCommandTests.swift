import Foundation
import Testing

/// `isomorphiq-tui events tail` on a running instance (`--connect`) and on the local log.
@Suite("isomorphiq-tui events tail")
struct EventsTailCommandTests {
    @Test func lastEventsOfARunningInstance() throws {
        let dir = try Binary.temporaryDirectory()
        let server = try ServeProcess(dataDir: dir)
        defer { server.stop() }
        let other = try Binary.temporaryDirectory()
        for title in ["first", "second", "third"] {
            let added = try TaskCommandTests.task(["add", title], dir: other, extra: ["--connect", server.url, "--token", server.token])
            #expect(added.status == 0, "\(added.stderr)")
        }
        let tail = try Binary.run(["events", "tail", "-n", "2", "--connect", server.url, "--token", server.token])
        #expect(tail.status == 0, "\(tail.stderr)")
        let lines = tail.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("second") == true && lines.last?.contains("third") == true)
        #expect(lines.first?.hasPrefix("2 ") == true)
    }

    @Test func lastEventsOfTheLocalLog() throws {
        let dir = try Binary.temporaryDirectory()
        for title in ["alpha", "beta"] {
            #expect(try TaskCommandTests.task(["add", title], dir: dir).status == 0)
        }
        let tail = try Binary.run(["events", "tail", "-n", "1", "--data-dir", dir.path])
        #expect(tail.status == 0, "\(tail.stderr)")
        #expect(tail.stdout.contains("beta") && !tail.stdout.contains("alpha"))
    }

    @Test func theDataDirectoryComesFromTheConfigurationFileToo() throws {
        let dir = try Binary.temporaryDirectory()
        #expect(try TaskCommandTests.task(["add", "configured"], dir: dir).status == 0)
        let config = try Binary.temporaryDirectory()
        try FileManager.default.createDirectory(at: config.appendingPathComponent("isomorphiq"), withIntermediateDirectories: true)
        try #"{"store": {"dataDir": "\#(dir.path)"}}"#.write(to: config.appendingPathComponent("isomorphiq/config.json"), atomically: true, encoding: .utf8)
        let tail = try Binary.run(["events", "tail", "-n", "1"], environment: ["XDG_CONFIG_HOME": config.path])
        #expect(tail.status == 0, "\(tail.stderr)")
        #expect(tail.stdout.contains("configured"))
    }
}
