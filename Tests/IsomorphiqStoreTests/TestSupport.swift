import Foundation
import IsomorphiqCore
@testable import IsomorphiqStore

/// The built `isomorphiq-tui` binary next to this package's debug products (`make test` builds it).
let isomorphiqBinary: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(".build/debug/isomorphiq-tui")

/// A fresh directory under the system temp dir, removed when the scope ends.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("isomorphiq-store-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// Opens a store in the data directory `root/data`, runs `body`, then closes it.
func withStore<T>(in root: URL, options: SQLiteEventStore.Options = .init(), _ body: (SQLiteEventStore) async throws -> T) async throws -> T {
    let store = try SQLiteEventStore.open(in: DataDirectory(url: root.appendingPathComponent("data")), options: options)
    do {
        let result = try await body(store)
        await store.close()
        return result
    } catch {
        await store.close()
        throw error
    }
}

/// `count` consistent events covering every task event type.
func sampleEvents(_ count: Int, seed: UInt64 = 7, liveTasks: Int = 20) -> [Event] {
    var generator = SyntheticEvents(seed: seed, liveTasks: liveTasks)
    return generator.next(count)
}

/// The bytes of a file, for checking that a refused file was left untouched.
func contents(_ url: URL) -> Data? {
    try? Data(contentsOf: url)
}

/// Every file in `directory` but the lock file, by name: size, modification time and bytes. Equal
/// before and after an operation means the operation wrote nothing (the lock file is the lock's own).
func fileFingerprint(_ directory: URL) throws -> [String: FileFingerprint] {
    var result: [String: FileFingerprint] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name != "lock" {
        let url = directory.appendingPathComponent(name)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        result[name] = FileFingerprint(
            size: (attributes[.size] as? NSNumber)?.int64Value ?? -1,
            modified: attributes[.modificationDate] as? Date, bytes: try Data(contentsOf: url))
    }
    return result
}

struct FileFingerprint: Equatable, CustomStringConvertible {
    var size: Int64
    var modified: Date?
    var bytes: Data
    var description: String { "\(size) bytes, modified \(modified.map { "\($0.timeIntervalSince1970)" } ?? "?")" }
}

/// Inverts `count` bytes of the file at `url` from `offset` (the file keeps its size).
func flipBytes(of url: URL, at offset: Int, count: Int) throws {
    var data = try Data(contentsOf: url)
    for index in offset..<min(offset + count, data.count) { data[index] ^= 0xFF }
    try data.write(to: url)
}

/// Copies the data directory `source`'s database files to `destination` while a store may have them
/// open: what a crash would leave (the database, its WAL and the WAL's index), without the lock.
func copyAsCrashWouldLeave(_ source: DataDirectory, to destination: DataDirectory) throws {
    try destination.prepare()
    for suffix in ["", "-wal", "-shm"] {
        let from = URL(fileURLWithPath: source.databaseURL.path + suffix)
        guard FileManager.default.fileExists(atPath: from.path) else { continue }
        try FileManager.default.copyItem(at: from, to: URL(fileURLWithPath: destination.databaseURL.path + suffix))
    }
}
