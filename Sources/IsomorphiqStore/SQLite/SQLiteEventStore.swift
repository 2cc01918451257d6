import CSQLiteWALBuffer
public import Foundation
public import IsomorphiqCore
import GRDB
import Synchronization

/// The durable event log: one SQLite file in WAL mode with `synchronous=FULL`.
///
/// - `append` returns only after COMMIT, so an acknowledged event survives `kill -9` and power
///   loss. Concurrent callers are group-committed: appends that arrive while a transaction is in
///   flight share the next one, and each caller resumes when its own events are durable.
///   One call's events are one unit: all stored with consecutive seqs, or none.
/// - Reads never wait for writes (WAL readers).
/// - A file that is not a database, a truncated or damaged one (`DatabaseIntegrityCheck` reads every
///   page before a writing open), or one written by a newer schema is refused with a `StoreError`
///   and left untouched, its write-ahead log included.
/// - A failed write (disk full, I/O error) throws `StoreError.writeFailed`; nothing of that call
///   is stored and the store keeps serving reads and later appends.
public final class SQLiteEventStore: EventStore, BoardChangeSource, DerivedIndexChecking {
    /// How to open the log. Plain values, so configuration can fill them in.
    public struct Options: Sendable {
        /// Open for reading only: no lock, no migration, no write. For `events tail/export/stats/verify`
        /// next to a running instance.
        public var readOnly: Bool
        /// Caps the database at this many pages (SQLite `max_page_count`); appends past it fail
        /// as a full disk would. `nil` for no cap.
        public var maxPageCount: Int?
        /// While someone listens to `appendNotifications()`, look for commits made by another
        /// process this often. `nil` notices only this store's own appends.
        public var watchInterval: Duration?
        /// Whether the writer gathers a commit's WAL writes into a few calls (`CSQLiteWALBuffer`;
        /// durability is the same either way). `nil` takes the environment's choice:
        /// `ISOMORPHIQ_STORE_WAL_GATHERING=off` turns it off; on otherwise.
        public var walGathering: Bool

        public init(readOnly: Bool = false, maxPageCount: Int? = nil, watchInterval: Duration? = nil, walGathering: Bool? = nil) {
            self.readOnly = readOnly
            self.maxPageCount = maxPageCount
            self.watchInterval = watchInterval ?? (readOnly ? .milliseconds(200) : nil)
            self.walGathering = walGathering ?? WALGathering.enabledByDefault()
        }
    }

    /// The database file.
    public let path: String
    let pool: DatabasePool
    private let committer: GroupCommitter<[EventRecord], [Event]>
    private let checkpointer: WALCheckpointer?
    private let watcher: AppendWatcher
    private let lock: DataDirectoryLock?
    private let isClosed = Mutex(false)

    /// Opens the log in `directory`, creating directory and database as needed.
    ///
    /// Unless `options.readOnly`, takes the directory's exclusive lock first, so a second writer
    /// process is refused with `StoreError.locked` naming the holder's pid.
    public static func open(in directory: DataDirectory, options: Options = Options()) throws(StoreError) -> SQLiteEventStore {
        if options.readOnly {
            return try SQLiteEventStore(databaseAt: directory.databaseURL, options: options, lock: nil)
        }
        let lock = try directory.lock()
        do {
            return try SQLiteEventStore(databaseAt: directory.databaseURL, options: options, lock: lock)
        } catch {
            lock.release()
            throw error
        }
    }

    /// Opens the database file at `url` without a directory lock (the caller guarantees a single writer).
    /// `lock`, when given, is released by `close()`.
    public init(databaseAt url: URL, options: Options = Options(), lock: DataDirectoryLock? = nil) throws(StoreError) {
        let path = url.path
        self.path = path
        self.lock = lock
        let existing = try DatabaseFileCheck.check(path)
        if options.readOnly, existing == .absent { throw .notFound(path: path) }
        if existing == .absent { DatabaseFileCheck.createPrivate(path) }
        // Every connection the process opens from now on can gather its WAL writes (only the writer does).
        _ = isomorphiq_wal_buffer_register()
        var configuration = Configuration()
        configuration.readonly = options.readOnly
        configuration.busyMode = .timeout(5)
        configuration.maximumReaderCount = 4
        let maxPageCount = options.maxPageCount
        configuration.prepareDatabase { db in
            if let maxPageCount { try db.execute(sql: "PRAGMA max_page_count = \(maxPageCount)") }
        }
        do {
            if existing == .valid, !options.readOnly {
                // Check pages and schema on a connection that cannot write: a damaged, foreign or newer
                // database is refused before anything (WAL set-up, migrations, a checkpoint) could write to it.
                // The pages are not read again when the file is exactly as a clean close left it (CleanCloseMark).
                try DatabaseIntegrityCheck.check(path, pages: !CleanCloseMark.matches(for: path))
            }
            if !options.readOnly { CleanCloseMark.remove(for: path) }
            pool = try DatabasePool(path: path, configuration: configuration)
            if options.readOnly {
                try pool.read { db in
                    try StoreSchema.checkCompatible(db, path: path)
                    guard try db.tableExists("events") else { throw StoreError.notFound(path: path) }
                }
                checkpointer = nil
            } else {
                // GRDB sets synchronous=NORMAL with WAL; an acknowledged append must survive power loss.
                // The writer's page cache (SQLite's default is 2 MiB) holds the index pages appends touch
                // (random for logs with v4 event ids); with the default, a large log pays a pread per insert.
                // Its statement and savepoint journals stay in memory: in a temporary file they were a
                // third more bytes written per event for multi-event appends (the bus's path).
                try pool.writeWithoutTransaction {
                    try $0.execute(sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY")
                }
                try StoreSchema.migrate(pool, path: path)
                // Checkpoints run off the commit path (WALCheckpointer); the writer's own is a backstop.
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: """
                        PRAGMA wal_autocheckpoint = \(WALCheckpointer.backstopPages);
                        PRAGMA journal_size_limit = \(WALCheckpointer.sizeLimit)
                        """)
                    // What a crash left in the WAL goes into the database now, and the WAL starts empty.
                    Self.emptyWAL(db)
                }
                checkpointer = try WALCheckpointer(path: path)
            }
        } catch {
            throw Self.storeError(error, path: path, writing: false)
        }
        let pool = pool
        let lastSeq = (try? pool.read(Self.maxSeq)) ?? 0
        var poll: AppendWatcher.Poll?
        if options.watchInterval != nil {
            poll = { try await pool.read(Self.maxSeq) }
        }
        let watcher = AppendWatcher(lastSeq: lastSeq, poll: poll, interval: options.watchInterval ?? .seconds(1))
        self.watcher = watcher
        let checkpointer = self.checkpointer
        let summarizer = BlockSummarizer(path: path)
        let walGathering = options.walGathering
        committer = GroupCommitter(label: "isomorphiq.store.commit") { gathering in
            let results = EventWriter.commit(gathering, to: pool, summarizer: summarizer, path: path, walGathering: walGathering)
            if let last = results.lazy.compactMap({ try? $0.get().last?.seq }).max() { watcher.notify(last) }
            checkpointer?.committed(results.reduce(0) { $0 + ((try? $1.get().count) ?? 0) })
            return results
        }
    }

    public func append(_ events: [Event]) async throws -> [Event] {
        guard !events.isEmpty else { return [] }
        guard !isClosed.withLock({ $0 }) else { throw StoreError.closed }
        let records = try events.map { event throws(StoreError) in try EventRecord(event) }
        return try await committer.submit(records)
    }

    public func read(_ query: EventQuery) async throws -> [Event] {
        try await EventReader.read(query, from: pool, path: path)
    }

    public func readBoardChanges(_ query: EventQuery) async throws -> [BoardChange] {
        try await EventReader.readBoardChanges(query, from: pool, path: path)
    }

    public func lastSeq() async throws -> Int64 {
        try await scalar("SELECT max(seq) FROM events")
    }

    public func firstSeq() async throws -> Int64 {
        try await scalar("SELECT min(seq) FROM events")
    }

    public func statistics() async throws -> EventStoreStatistics {
        do {
            return try await pool.read { db in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT type, count(*) FROM events GROUP BY type") {
                    counts[row[0]] = row[1]
                }
                let bounds = try Row.fetchOne(db, sql: "SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM events")
                return EventStoreStatistics(
                    eventCount: counts.values.reduce(0, +), firstSeq: bounds?[0] ?? 0, lastSeq: bounds?[1] ?? 0,
                    dropped: 0, countsByType: counts)
            }
        } catch {
            throw Self.storeError(error, path: path, writing: false)
        }
    }

    /// The block summaries that serve reads by task and type, checked against the events (`EventBlocks`).
    public func derivedIndexProblems() async throws -> [String] {
        do {
            return try await pool.read { try EventBlocks.problems($0) }
        } catch {
            throw Self.storeError(error, path: path, writing: false)
        }
    }

    /// Runs SQLite's `PRAGMA quick_check` on the database's pages (as of one read transaction, so
    /// it works next to a writer; reads the whole file) and throws `StoreError.corrupt` naming what
    /// it found.
    public func checkFiles() async throws {
        let found: [String]
        do {
            found = try await pool.read { try String.fetchAll($0, sql: "PRAGMA quick_check(10)") }
        } catch {
            throw Self.storeError(error, path: path, writing: false)
        }
        guard found == ["ok"] else {
            throw StoreError.corrupt(path: path, detail: found.prefix(3).joined(separator: "; ") + (found.count > 3 ? "; …" : ""))
        }
    }

    public func appendNotifications() -> AsyncStream<Int64> {
        watcher.stream()
    }

    /// The snapshots kept in the same database.
    public var snapshots: SQLiteSnapshotStore { SQLiteSnapshotStore(pool: pool, path: path) }

    /// Waits for appends in flight, ends notification streams, empties the WAL into the database,
    /// closes it and releases the directory lock. Later calls throw `StoreError.closed`. Safe to call more than once.
    public func close() async {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        _ = try? await committer.submit([])
        watcher.finish()
        checkpointer?.close()
        if checkpointer != nil { try? await pool.writeWithoutTransaction { Self.emptyWAL($0) } }
        let closed = (try? pool.close()) != nil
        if closed, checkpointer != nil { CleanCloseMark.write(for: path) }
        lock?.release()
    }

    /// Copies the whole WAL into the database and truncates it to nothing. Waits (busy timeout) for
    /// readers of other processes; if one holds on, leaves the WAL for the next checkpoint.
    private static func emptyWAL(_ db: Database) {
        _ = try? db.checkpoint(.truncate)
    }

    @Sendable private static func maxSeq(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events") ?? 0
    }

    private func scalar(_ sql: String) async throws -> Int64 {
        do {
            return try await pool.read { try Int64.fetchOne($0, sql: sql) ?? 0 }
        } catch {
            throw Self.storeError(error, path: path, writing: false)
        }
    }

    /// Maps SQLite failures to the store's typed errors.
    static func storeError(_ error: any Error, path: String, writing: Bool) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else { return .database(String(describing: error)) }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB: return .notADatabase(path: path)
        case .SQLITE_CORRUPT: return .corrupt(path: path, detail: detail)
        case .SQLITE_FULL: return .writeFailed("the disk or the database is full (\(detail))")
        case .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_BUSY, .SQLITE_LOCKED:
            return writing ? .writeFailed(detail) : .database(detail)
        default: return .database(detail)
        }
    }
}
