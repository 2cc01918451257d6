import Foundation
import Testing

/// Text snapshots under `Snapshots/`. Set `RECORD_SNAPSHOTS=1` to write them afresh.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent("\(name).txt")
        let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"].map { !$0.isEmpty && $0 != "0" } ?? false
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording || expected == nil {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? (text + "\n").write(to: url, atomically: true, encoding: .utf8)
            if !recording { Issue.record("recorded missing snapshot \(name); check it and run again", sourceLocation: sourceLocation) }
            return
        }
        let actual = directory.appendingPathComponent("\(name).actual.txt")
        if expected == text + "\n" {
            try? FileManager.default.removeItem(at: actual)
        } else {
            try? (text + "\n").write(to: actual, atomically: true, encoding: .utf8)
            Issue.record("snapshot \(name) differs; see \(actual.path) (RECORD_SNAPSHOTS=1 to accept)", sourceLocation: sourceLocation)
        }
    }
}
