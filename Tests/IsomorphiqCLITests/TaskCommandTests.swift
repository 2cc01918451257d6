import Foundation
import Testing

/// `isomorphiq-tui task …` on a data directory and against a running `serve`, with the exit codes
/// its `--help` documents.
@Suite("isomorphiq-tui task", .serialized)
struct TaskCommandTests {
    /// Runs `task ARGS` on `dir` (plus `extra` options, e.g. `--connect`).
    static func task(_ arguments: [String], dir: URL, extra: [String] = [], environment: [String: String] = [:]) throws -> Binary.Output {
        try Binary.run(["task"] + arguments + ["--data-dir", dir.path] + extra, environment: environment, home: dir)
    }

    /// The short id in `created #abcd1234 …`.
    static func shortID(_ output: Binary.Output) -> String? {
        output.stdout.range(of: #"#[0-9a-f]{8}"#, options: .regularExpression).map { String(output.stdout[$0].dropFirst()) }
    }

    /// The same story on any target: add, list, prefix, start, done, edit, conflict, rm, not found.
    static func lifecycle(dir: URL, extra: [String] = []) throws {
        let added = try task(["add", "Write the report", "-p", "high", "--tag", "work", "--due", "2030-01-02"], dir: dir, extra: extra)
        #expect(added.status == 0, "\(added.stderr)")
        let id = try #require(shortID(added))
        let other = try task(["add", "Second", "--depends", id, "--assign", "tester"], dir: dir, extra: extra)
        #expect(other.status == 0, "\(other.stderr)")

        let list = try task(["list", "--json"], dir: dir, extra: extra)
        #expect(list.status == 0)
        let tasks = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(tasks?.count == 2)
        #expect(tasks?.first?["priority"] as? String == "high")
        #expect(try task(["list", "--assignee", "tester"], dir: dir, extra: extra).stdout.contains("Second"))

        #expect(try task(["start", String(id.prefix(5))], dir: dir, extra: extra).status == 0)
        let done = try task(["done", "#" + id], dir: dir, extra: extra)
        #expect(done.status == 0, "\(done.stderr)")
        let shown = try task(["show", id, "--json"], dir: dir, extra: extra)
        #expect(shown.stdout.contains(#""status":"done""#), "\(shown.stdout)")
        #expect(try task(["show", id], dir: dir, extra: extra).stdout.contains("task_status_changed"))

        let edited = try task(["edit", id, "--title", "Write the final report"], dir: dir, extra: extra)
        #expect(edited.status == 0, "\(edited.stderr)")
        let conflict = try task(["edit", id, "--title", "stale", "--expect-version", "1"], dir: dir, extra: extra)
        #expect(conflict.status == 6, "\(conflict.stderr)")

        #expect(try task(["add", "x", "-p", "urgent"], dir: dir, extra: extra).status == 3)
        #expect(try task(["edit", id], dir: dir, extra: extra).status == 3)
        #expect(try task(["add", String(repeating: "t", count: 1000)], dir: dir, extra: extra).status == 3)
        #expect(try task(["show", "ffffffff"], dir: dir, extra: extra).status == 4)
    }

    @Test func onTheDataDirectory() throws {
        let dir = try Binary.temporaryDirectory()
        try Self.lifecycle(dir: dir)
        let removed = try Self.task(["rm", try #require(Self.shortID(try Self.task(["add", "temporary"], dir: dir)))], dir: dir)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.hasPrefix("deleted"))
    }

    @Test func againstARunningInstance() throws {
        let dir = try Binary.temporaryDirectory()
        let server = try ServeProcess(dataDir: dir)
        defer { server.stop() }
        let other = try Binary.temporaryDirectory()
        try Self.lifecycle(dir: other, extra: ["--connect", server.url, "--token", server.token])
        // The server's log has the tasks; the other directory has none.
        let viaServer = try Self.task(["list"], dir: other, extra: ["--connect", server.url, "--token", server.token])
        #expect(viaServer.stdout.contains("Write the final report"))
        #expect(try Self.task(["list", "--json"], dir: other).stdout == "[]\n")
    }

    @Test func theDataDirectoryOfARunningInstanceGoesThroughIt() throws {
        let dir = try Binary.temporaryDirectory()
        let server = try ServeProcess(dataDir: dir)
        defer { server.stop() }
        let added = try Self.task(["add", "through the lock"], dir: dir)
        #expect(added.status == 0, "\(added.stderr)")
        let list = try Self.task(["list"], dir: dir, extra: ["--connect", server.url, "--token", server.token])
        #expect(list.stdout.contains("through the lock"))
    }

    @Test func refusalsHaveTheirExitCodes() throws {
        let dir = try Binary.temporaryDirectory()
        let server = try ServeProcess(dataDir: dir)
        defer { server.stop() }
        let other = try Binary.temporaryDirectory()
        let badToken = try Self.task(["list"], dir: other, extra: ["--connect", server.url, "--token", "not-the-token-0123456789"])
        #expect(badToken.status == 5, "\(badToken.stderr)")
        // A wrong token is not mistaken for a missing one.
        #expect(badToken.stderr.contains("the token is not valid here"), "\(badToken.stderr)")
        server.stop()
        let down = try Self.task(["list"], dir: other, extra: ["--connect", server.url, "--token", server.token])
        #expect(down.status == 7, "\(down.stderr)")
        #expect(down.stderr.contains("cannot reach"))
        let notURL = try Self.task(["list"], dir: other, extra: ["--connect", "ftp://x"])
        #expect(notURL.status == 3)
    }

    @Test func impossibleDatesAreRefusedAndTheLogStaysReadable() throws {
        let dir = try Binary.temporaryDirectory()
        for bad in ["2026-02-30", "0000-01-01", "2026-11-30T25:00:00Z", "2026-11-30T23:59:60Z"] {
            let refused = try Self.task(["add", "Bad date", "--due", bad], dir: dir)
            #expect(refused.status != 0, "\(bad) was accepted")
            #expect(refused.stderr.contains("due must be a real date"), "\(refused.stderr)")
        }
        let added = try Self.task(["add", "Leap day", "--due", "2028-02-29"], dir: dir)
        #expect(added.status == 0, "\(added.stderr)")
        let shown = try Self.task(["list", "--json"], dir: dir)
        #expect(shown.stdout.contains("2028-02-29T00:00:00.000Z"), "\(shown.stdout)")
        let verify = try Binary.run(["events", "verify", "--data-dir", dir.path], home: dir)
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("events: 1 "))
    }

    @Test func tokenChangesReachARunningServeAtOnce() throws {
        let dir = try Binary.temporaryDirectory()
        let server = try ServeProcess(dataDir: dir)
        defer { server.stop() }
        let other = try Binary.temporaryDirectory()
        let added = try Binary.run(["token", "add", "bob", "--data-dir", dir.path], home: dir)
        #expect(added.status == 0, "\(added.stderr)")
        let bob = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        func listAsBob() throws -> Int32 {
            try Self.task(["list"], dir: other, extra: ["--connect", server.url, "--token", bob]).status
        }
        // No restart: the server reads the file the command wrote.
        var status = try listAsBob()
        for _ in 0..<20 where status != 0 {
            Thread.sleep(forTimeInterval: 0.1)
            status = try listAsBob()
        }
        #expect(status == 0)
        #expect(try Binary.run(["token", "revoke", "bob", "--data-dir", dir.path], home: dir).status == 0)
        status = try listAsBob()
        for _ in 0..<20 where status == 0 {
            Thread.sleep(forTimeInterval: 0.1)
            status = try listAsBob()
        }
        #expect(status == 5, "a revoked token is refused")
        #expect(try Self.task(["list"], dir: other, extra: ["--connect", server.url, "--token", server.token]).status == 0)
    }

    @Test func anotherLocalUserNeedsNoTokenForTheInstanceHoldingTheDirectory() throws {
        // The instance runs as alice with a token of her own; `task` runs as the login user (tester).
        let dir = try Binary.temporaryDirectory()
        let server = try ServeProcess(dataDir: dir, extra: ["--user", "alice", "--token", "alice-own-token-0123456789"])
        defer { server.stop() }
        let added = try Self.task(["add", "from the shell beside the UI"], dir: dir)
        #expect(added.status == 0, "\(added.stderr)")
        let list = try Self.task(["list", "--json"], dir: dir, extra: ["--connect", server.url, "--token", "alice-own-token-0123456789"])
        #expect(list.stdout.contains("from the shell beside the UI"), "\(list.stdout)")
        #expect(list.stdout.contains(#""createdBy":"tester""#) || list.stdout.contains(#""createdBy" : "tester""#), "\(list.stdout)")
    }

    @Test func aMalformedTokenIsRefusedByEveryCommand() throws {
        let dir = try Binary.temporaryDirectory()
        for command in [["serve", "--port", "0"], ["run", "--port", "0"], ["task", "list"]] {
            let refused = try Binary.run(command + ["--data-dir", dir.path, "--token", "short"], home: dir)
            #expect(refused.status != 0, "\(command) started with a token the server would refuse")
            #expect(refused.stderr.contains("16–256 printable characters"), "\(command): \(refused.stderr)")
        }
    }

    @Test func aBusyTCPPortIsReportedAsTheTCPPort() throws {
        let dir = try Binary.temporaryDirectory()
        let holder = try ServeProcess(dataDir: try Binary.temporaryDirectory())
        defer { holder.stop() }
        let busy = try #require(holder.url.split(separator: ":").last.flatMap { Int($0) })
        // The holder's HTTP port is busy for TCP too: the second serve binds HTTP on a free port first.
        let refused = try Binary.run(["serve", "--data-dir", dir.path, "--port", "0", "--tcp-port", String(busy)], home: dir)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("TCP port \(busy)") && refused.stderr.contains("--tcp-port"), "\(refused.stderr)")
    }

    @Test func helpListsTheExitCodes() throws {
        let help = try Binary.run(["task", "--help"])
        #expect(help.stdout.contains("6  conflict"))
        #expect(help.stdout.contains("7  unavailable"))
    }
}
