import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqStore

/// The write-ahead log stays bounded while the store writes, and is emptied by a clean close and
/// by opening after a crash: it never keeps tens of megabytes for a small log.
@Suite("WAL size")
struct WALSizeTests {
    private func walSize(_ directory: DataDirectory) -> Int64 {
        DatabaseFileCheck.size(of: directory.databaseURL.path + "-wal") ?? 0
    }

    /// The most a WAL can hold between restarts: the backstop's frames plus one large commit's.
    private let bound = Int64(WALCheckpointer.backstopPages) * (4096 + 24) + 4 << 20

    @Test("30,000 appends from 16 writers keep the WAL under its bound; a clean close empties it")
    func boundedAndEmptiedOnClose() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            let events = sampleEvents(30_000, liveTasks: 500)
            var largest: Int64 = 0
            try await withStore(in: root) { store async throws in
                for round in 0..<6 {
                    let slice = events[(round * 5_000)..<((round + 1) * 5_000)]
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for writer in 0..<16 {
                            let mine = slice.enumerated().filter { $0.offset % 16 == writer }.map(\.element)
                            group.addTask { for event in mine { _ = try await store.append([event]) } }
                        }
                        try await group.waitForAll()
                    }
                    largest = max(largest, walSize(directory))
                }
                #expect(try await store.lastSeq() == 30_000)
            }
            #expect(largest <= bound, "WAL reached \(largest) bytes")
            #expect(walSize(directory) == 0, "a clean close leaves an empty WAL")
        }
    }

    @Test("opening after a crash copies a large WAL into the database and empties it, keeping every event")
    func emptiedOnOpen() async throws {
        try await withTemporaryDirectory { root async throws in
            let source = DataDirectory(url: root.appendingPathComponent("data"))
            let crashed = DataDirectory(url: root.appendingPathComponent("crashed"))
            try await withStore(in: root) { store async throws in
                _ = try await store.append(sampleEvents(3_000))
                try copyAsCrashWouldLeave(source, to: crashed)
            }
            #expect(walSize(crashed) > 1 << 20)
            let store = try SQLiteEventStore.open(in: crashed)
            #expect(walSize(crashed) == 0)
            #expect(try await store.lastSeq() == 3_000)
            await store.close()
            #expect(walSize(crashed) == 0)
        }
    }
}
