import Foundation
import GRDB
import IsomorphiqCore
import Testing
@testable import IsomorphiqStore

/// A damaged log is refused before anything can write to it: not the database, not its WAL (no
/// checkpoint), not a new file. `events verify` names the damage and says how to recover.
@Suite("Damaged database files")
struct DamagedFileTests {
    /// A closed log of 3,000 events, its 8 KiB in the middle inverted.
    private func damagedLog(in root: URL) async throws -> DataDirectory {
        let directory = DataDirectory(url: root.appendingPathComponent("data"))
        // A clean close leaves everything in the database file: no newer copy of the damaged pages is in a WAL.
        try await withStore(in: root) { store async throws in _ = try await store.append(sampleEvents(3_000)) }
        let size = try #require(contents(directory.databaseURL)).count
        try flipBytes(of: directory.databaseURL, at: size / 2 / 4096 * 4096, count: 8192)
        return directory
    }

    @Test("8 KiB damaged mid-file: refused as damaged, every file exactly as it was")
    func damagedMidFile() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = try await damagedLog(in: root)
            let before = try fileFingerprint(directory.url)
            let error = #expect(throws: StoreError.self) { try SQLiteEventStore.open(in: directory) }
            #expect(error?.code == .corrupt)
            #expect(error?.description.contains("events export") == true)
            #expect(try fileFingerprint(directory.url) == before)
        }
    }

    @Test("damage under a WAL left by a crash: refused, the WAL is not checkpointed, no file changes")
    func damagedWithWAL() async throws {
        try await withTemporaryDirectory { root async throws in
            let source = DataDirectory(url: root.appendingPathComponent("data"))
            let crashed = DataDirectory(url: root.appendingPathComponent("crashed"))
            let events = sampleEvents(3_300)
            try await withStore(in: root) { store async throws in _ = try await store.append(Array(events[..<3_000])) }
            try await withStore(in: root) { store async throws in
                _ = try await store.append(Array(events[3_000...]))
                try copyAsCrashWouldLeave(source, to: crashed)
            }
            let wal = URL(fileURLWithPath: crashed.databaseURL.path + "-wal")
            #expect((contents(wal)?.count ?? 0) > 0, "the crash left committed frames in the WAL")
            // Two pages a third into the file that the WAL holds no newer copy of (else reads never see the damage).
            let pages = try #require(contents(crashed.databaseURL)).count / 4096
            let inWAL = walPages(try #require(contents(wal)))
            let page = try #require((pages / 3..<pages).first { !inWAL.contains($0) && !inWAL.contains($0 + 1) })
            try flipBytes(of: crashed.databaseURL, at: (page - 1) * 4096, count: 8192)
            for withIndex in [true, false] {
                // A crash can leave the WAL without its index (-shm) too.
                if !withIndex { try FileManager.default.removeItem(atPath: crashed.databaseURL.path + "-shm") }
                let before = try fileFingerprint(crashed.url)
                let error = #expect(throws: StoreError.self) { try SQLiteEventStore.open(in: crashed) }
                #expect(error?.code == .corrupt)
                let after = try fileFingerprint(crashed.url)
                #expect(after["events.sqlite"] == before["events.sqlite"], "with index: \(withIndex)")
                #expect(after["events.sqlite-wal"] == before["events.sqlite-wal"], "with index: \(withIndex)")
                // Without an index SQLite builds one to read the WAL (only what it derives from the WAL).
                if withIndex { #expect(after == before) }
            }
        }
    }

    @Test("a sound log with a crash's WAL opens, and keeps every event the WAL held")
    func soundWithWAL() async throws {
        try await withTemporaryDirectory { root async throws in
            let source = DataDirectory(url: root.appendingPathComponent("data"))
            let crashed = DataDirectory(url: root.appendingPathComponent("crashed"))
            try await withStore(in: root) { store async throws in
                _ = try await store.append(sampleEvents(1_500))
                try copyAsCrashWouldLeave(source, to: crashed)
            }
            let store = try SQLiteEventStore.open(in: crashed)
            #expect(try await store.lastSeq() == 1_500)
            await store.close()
        }
    }

    @Test("an empty or missing events.sqlite beside a WAL with commits is refused, and the WAL is kept", arguments: [true, false])
    func databaseGoneWALLeft(empty: Bool) async throws {
        try await withTemporaryDirectory { root async throws in
            let source = DataDirectory(url: root.appendingPathComponent("data"))
            let crashed = DataDirectory(url: root.appendingPathComponent("crashed"))
            try await withStore(in: root) { store async throws in
                _ = try await store.append(sampleEvents(200))
                try copyAsCrashWouldLeave(source, to: crashed)
            }
            if empty {
                try Data().write(to: crashed.databaseURL)
            } else {
                try FileManager.default.removeItem(at: crashed.databaseURL)
            }
            let before = try fileFingerprint(crashed.url)
            #expect((before["events.sqlite-wal"]?.size ?? 0) > 0)
            for readOnly in [false, true] {
                let error = #expect(throws: StoreError.self) { try SQLiteEventStore.open(in: crashed, options: .init(readOnly: readOnly)) }
                #expect(error?.code == .corrupt)
                #expect(error?.description.contains("is \(empty ? "empty" : "missing") but its write-ahead log") == true)
                #expect(try fileFingerprint(crashed.url) == before)
            }
        }
    }

    @Test("events verify names the damage and says how to recover, without writing")
    func verifyNamesDamage() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = try await damagedLog(in: root)
            let before = try fileFingerprint(directory.url)
            let store = try SQLiteEventStore.open(in: directory, options: .init(readOnly: true))
            let error = await #expect(throws: StoreError.self) {
                try await EventLogVerifier(store: store, snapshots: store.snapshots).verify()
            }
            await store.close()
            #expect(error?.code == .corrupt)
            #expect(error?.description.contains("malformed") == true)
            #expect(error?.description.contains("events export") == true)
            #expect(error?.description.contains("events import") == true)
            #expect(try fileFingerprint(directory.url)["events.sqlite"] == before["events.sqlite"])
        }
    }

    @Test("events export of a damaged log writes every readable event, then names the seqs it could not read")
    func exportWhatIsReadable() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = try await damagedLog(in: root)
            let store = try SQLiteEventStore.open(in: directory, options: .init(readOnly: true))
            var lines: [String] = []
            var failure: StoreError?
            do {
                try await EventLogReader(store: store).exportJSONLines { lines.append($0) }
            } catch let error as StoreError {
                failure = error
            }
            await store.close()
            #expect(failure?.code == .corrupt)
            let seqs = try lines.map { try EventCodec.decode(Data($0.utf8)).seq }
            #expect(seqs == seqs.sorted() && !seqs.isEmpty)
            // What the export skipped is exactly what it names.
            let named = failure?.description.contains("\(3_000 - seqs.count) could not be read") == true
            #expect(named, "\(failure?.description ?? "no error"); \(seqs.count) written")
            #expect(seqs.count < 3_000 && seqs.count > 2_900)
        }
    }

    /// The page numbers the frames of a WAL file hold (fileformat2 §4.1: a 32-byte header, then frames of
    /// a 24-byte header, whose first 4 bytes are the page number, and one 4 KiB page).
    private func walPages(_ wal: Data) -> Set<Int> {
        var pages: Set<Int> = []
        var offset = 32
        while offset + 24 + 4096 <= wal.count {
            pages.insert(wal[wal.startIndex + offset..<wal.startIndex + offset + 4].reduce(0) { $0 << 8 | Int($1) })
            offset += 24 + 4096
        }
        return pages
    }
}

/// A clean close records the file as it left it, so the next start-up need not read every page;
/// damage made after the close still changes what was recorded and is still refused.
@Suite("Clean-close mark")
struct CleanCloseMarkTests {
    @Test("a clean close leaves the mark, an open that writes removes it, a crash leaves none")
    func lifecycle() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            let mark = directory.databaseURL.path + ".clean"
            try await withStore(in: root) { store async throws in
                _ = try await store.append(sampleEvents(100))
                #expect(!FileManager.default.fileExists(atPath: mark))
            }
            #expect(FileManager.default.fileExists(atPath: mark))
            #expect(CleanCloseMark.matches(for: directory.databaseURL.path))
            let store = try SQLiteEventStore.open(in: directory)
            #expect(!FileManager.default.fileExists(atPath: mark), "open removes it before writing")
            _ = try await store.append(sampleEvents(10, seed: 9))
            // No close: what a crash leaves.
            #expect(!FileManager.default.fileExists(atPath: mark))
            await store.close()
        }
    }

    @Test("bytes damaged right after a clean close are still found at the next start-up")
    func damageAfterCleanClose() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            try await withStore(in: root) { store async throws in _ = try await store.append(sampleEvents(3_000)) }
            let size = try #require(contents(directory.databaseURL)).count
            try flipBytes(of: directory.databaseURL, at: size / 2 / 4096 * 4096, count: 8192)
            #expect(!CleanCloseMark.matches(for: directory.databaseURL.path))
            let error = #expect(throws: StoreError.self) { try SQLiteEventStore.open(in: directory) }
            #expect(error?.code == .corrupt)
        }
    }
}
