import Foundation
import IsomorphiqCore
@testable import IsomorphiqStore

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
