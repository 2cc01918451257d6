import ArgumentParser
import IsomorphiqCore
import IsomorphiqStore

struct EventsVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Replay the log from empty and compare with start-up's board, every snapshot and the read summaries; exits 1 on a mismatch.")

    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        let store = try await data.openForReading()
        let report = try await EventLogVerifier(store: store, snapshots: store.snapshotStore).verify()
        await store.close()
        print("events: \(report.events) (last seq \(report.lastSeq)), tasks: \(report.tasks), replayed at \(Int(report.replay.rate)) events/s")
        print("start-up board: " + (report.startupSnapshotSeq.map { "snapshot \($0) + tail" } ?? "full replay"))
        for check in report.snapshots {
            print("snapshot \(check.seq): " + (check.isConsistent ? "ok" : "MISMATCH"))
        }
        print("block summaries (reads by task and type): " + (report.indexProblems.isEmpty ? "ok" : "MISMATCH"))
        let problems = report.problems
        if problems.isEmpty {
            print("ok: the log, start-up board, snapshots and block summaries agree")
        } else {
            for line in problems { print(line) }
            printError("verify: \(problems.count) difference(s) found")
            if report.replay.unreadableCount > 0 {
                printError("verify: to recover, export what is readable and import it into a new data directory:")
                printError("  isomorphiq-tui events export --data-dir OLD > events.jsonl && isomorphiq-tui events import --data-dir NEW events.jsonl")
            }
            throw ExitCode(1)
        }
    }
}
