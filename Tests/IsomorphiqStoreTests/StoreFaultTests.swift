import Foundation
import GRDB
import IsomorphiqCore
import Testing
@testable import IsomorphiqStore

@Suite("Store faults and bad files")
struct StoreFaultTests {
    @Test("a second opener of the data directory is refused, naming the holder's pid")
    func secondOpenerRefused() async throws {
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { _ async throws in
                let error = #expect(throws: StoreError.self) {
                    try SQLiteEventStore.open(in: DataDirectory(url: root.appendingPathComponent("data")))
                }
                #expect(error?.code == .locked)
                #expect(error?.lockHolderPID == getpid())
                #expect(error?.description.contains("process \(getpid())") == true)
            }
            // Released on close: opening again works.
            try await withStore(in: root) { _ async throws in }
        }
    }

    @Test("the data directory is created with mode 0700")
    func directoryMode() async throws {
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { _ async throws in }
            let attributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("data").path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        }
    }

    @Test("the log's files are created with mode 0600: database, WAL, its index and the lock")
    func fileModes() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            try await withStore(in: root) { store async throws in
                _ = try await store.append(sampleEvents(50))
                for name in ["events.sqlite", "events.sqlite-wal", "events.sqlite-shm", "lock"] {
                    let attributes = try FileManager.default.attributesOfItem(atPath: directory.url.appendingPathComponent(name).path)
                    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(name)")
                }
            }
        }
    }

    @Test("deleting the lock file lets no second writer in, from this process or another")
    func lockSurvivesDeletedFile() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            try await withStore(in: root) { _ async throws in
                try FileManager.default.removeItem(at: directory.lockURL)
                // flock belongs to an open file description: this open is a new one, as another process's would be.
                let error = #expect(throws: StoreError.self) { try SQLiteEventStore.open(in: directory) }
                #expect(error?.code == .locked)
                #expect(!FileManager.default.fileExists(atPath: directory.lockURL.path), "a refused opener creates no lock file")
                if FileManager.default.isExecutableFile(atPath: isomorphiqBinary.path) {
                    let process = Process()
                    process.executableURL = isomorphiqBinary
                    process.arguments = ["events", "stress-append", "--data-dir", directory.url.path, "--count", "1"]
                    let errors = Pipe()
                    process.standardOutput = Pipe()
                    process.standardError = errors
                    try process.run()
                    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    #expect(process.terminationStatus != 0)
                    #expect(message.contains("is in use by another process"), "\(message)")
                }
            }
            // Released on close: opening again works.
            try await withStore(in: root) { _ async throws in }
        }
    }

    @Test("the default data directory follows XDG_DATA_HOME, else ~/.local/share")
    func defaultDirectory() {
        #expect(DataDirectory.defaultURL(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/u"]).path == "/x/data/isomorphiq")
        #expect(DataDirectory.defaultURL(environment: ["HOME": "/home/u"]).path == "/home/u/.local/share/isomorphiq")
        #expect(DataDirectory.defaultURL(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"]).path == "/home/u/.local/share/isomorphiq")
    }

    @Test("a file that is not a database is refused and left untouched")
    func notADatabase() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            try directory.prepare()
            let text = Data(String(repeating: "my shopping list\n", count: 300).utf8)
            try text.write(to: directory.databaseURL)
            let error = #expect(throws: StoreError.self) { try SQLiteEventStore.open(in: directory) }
            #expect(error?.code == .notADatabase)
            #expect(contents(directory.databaseURL) == text)
        }
    }

    @Test("a truncated database is refused and left untouched")
    func truncated() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            try await withStore(in: root) { store async throws in _ = try await store.append(sampleEvents(3_000)) }
            let whole = try #require(contents(directory.databaseURL))
            let cut = whole.prefix(whole.count / 2 + 100)
            try cut.write(to: directory.databaseURL)
            let error = #expect(throws: StoreError.self) { try SQLiteEventStore.open(in: directory) }
            #expect(error?.code == .corrupt)
            #expect(contents(directory.databaseURL) == cut)
        }
    }

    @Test("a database from a newer schema is refused with a clear message")
    func newerSchema() async throws {
        try await withTemporaryDirectory { root async throws in
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            try await withStore(in: root) { store async throws in
                try await store.pool.write { db in
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v\(StoreSchema.version + 1) from the future')")
                    try db.execute(sql: "PRAGMA user_version = \(StoreSchema.version + 1)")
                }
            }
            let before = contents(directory.databaseURL)
            let error = #expect(throws: StoreError.self) { try SQLiteEventStore.open(in: directory) }
            #expect(error?.code == .newerSchema)
            #expect(error?.description.contains("newer version") == true)
            #expect(contents(directory.databaseURL) == before)
            #expect(throws: StoreError.self) { try SQLiteEventStore.open(in: directory, options: .init(readOnly: true)) }
        }
    }

    @Test("a full disk fails the append with a clear error, stores nothing, and reads go on")
    func fullDisk() async throws {
        try await withTemporaryDirectory { root async throws in
            let events = sampleEvents(2_000)
            let pages = try await withStore(in: root) { store async throws in
                _ = try await store.append(Array(events[0..<100]))
                return try await store.pool.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }
            }
            try await withStore(in: root, options: .init(maxPageCount: pages + 2)) { store async throws in
                let error = await #expect(throws: StoreError.self) { try await store.append(Array(events[100...])) }
                #expect(error?.code == .writeFailed)
                #expect(error?.description.contains("full") == true)
                #expect(try await store.lastSeq() == 100)
                #expect(try await store.read(EventQuery()).count == 100)
                // The store still takes appends that fit.
                #expect(try await store.append([events[100]]).map(\.seq) == [101])
            }
        }
    }

    @Test("a read-only database file fails appends clearly and keeps serving reads")
    func readOnlyFile() async throws {
        try await withTemporaryDirectory { root async throws in
            let events = sampleEvents(20)
            try await withStore(in: root) { store async throws in
                _ = try await store.append(Array(events[0..<10]))
                // Another process taking the write lock makes the write fail as an I/O error would.
                try await store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 1") }
                let error = await #expect(throws: StoreError.self) { try await store.append(Array(events[10...])) }
                #expect(error?.code == .writeFailed || error?.code == .database)
                #expect(try await store.read(EventQuery()).count == 10)
                try await store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 0") }
            }
        }
    }

    @Test("a read-only opener needs no lock and sees appends made by the writer")
    func readOnlyFollower() async throws {
        try await withTemporaryDirectory { root async throws in
            let events = sampleEvents(10)
            let directory = DataDirectory(url: root.appendingPathComponent("data"))
            try await withStore(in: root) { writer async throws in
                _ = try await writer.append(Array(events[0..<2]))
                let reader = try SQLiteEventStore.open(in: directory, options: .init(readOnly: true, watchInterval: .milliseconds(5)))
                var notifications = reader.appendNotifications().makeAsyncIterator()
                _ = try await writer.append(Array(events[2..<7]))
                #expect(await notifications.next() == 7)
                #expect(try await reader.read(EventQuery()).count == 7)
                await reader.close()
            }
        }
    }

    @Test("opening read-only where there is no log says so")
    func readOnlyMissing() async throws {
        try await withTemporaryDirectory { root async throws in
            let error = #expect(throws: StoreError.self) {
                try SQLiteEventStore.open(in: DataDirectory(url: root.appendingPathComponent("none")), options: .init(readOnly: true))
            }
            #expect(error?.code == .notFound)
        }
    }
}
