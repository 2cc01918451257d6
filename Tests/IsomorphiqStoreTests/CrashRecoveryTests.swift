import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqStore

private let binary = isomorphiqBinary

@Suite("Crash recovery")
struct CrashRecoveryTests {
    @Test(
        "SIGKILL in a burst of acknowledged appends loses nothing acknowledged and leaves no gap, with WAL gathering on and off",
        .enabled(if: FileManager.default.isExecutableFile(atPath: binary.path),
                 "needs the isomorphiq-tui binary at .build/debug (run `swift build` or `make test` first)"),
        arguments: ["on", "off"])
    func killDuringBurst(walGathering: String) async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            let process = Process()
            process.executableURL = binary
            process.arguments = ["events", "stress-append", "--data-dir", directory.url.path, "--count", "20000", "--writers", "8"]
            process.environment = ProcessInfo.processInfo.environment.merging(["ISOMORPHIQ_STORE_WAL_GATHERING": walGathering]) { $1 }
            let output = Pipe()
            process.standardOutput = output
            try process.run()

            // Read acknowledged seqs until a few hundred are in, then kill the writer mid-burst.
            let reader = output.fileHandleForReading
            var text = ""
            while text.filter({ $0 == "\n" }).count < 500 {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationReason == .uncaughtSignal)

            let acknowledged = text.split(separator: "\n").compactMap { Int64($0) }
            #expect(acknowledged.count >= 500)
            let store = try SQLiteEventStore.open(in: directory)
            let stored = try await store.read(EventQuery()).map(\.seq)
            let lastSeq = try await store.lastSeq()
            #expect(stored == Array(1...lastSeq), "seqs have no gaps")
            #expect(acknowledged.allSatisfy { $0 <= lastSeq }, "every acknowledged event is there")
            let report = try await EventLogVerifier(store: store, snapshots: store.snapshots).verify()
            #expect(report.isConsistent, "\(report.problems)")
            await store.close()
        }
    }
}
