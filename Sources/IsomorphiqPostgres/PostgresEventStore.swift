import Foundation
public import IsomorphiqCore
public import IsomorphiqStore
public import Logging
import PostgresNIO
import Synchronization

/// The event log in PostgreSQL, shared by every instance that opens the same database: one
/// history, one gap-free `seq`.
///
/// Appends go through one server-side function, `isomorphiq_append_after` (one round trip, one
/// transaction): it takes a transaction-scoped advisory lock, reads the head, refuses when the head
/// is not the one the caller's decisions saw and an event since changed a key they read
/// (`EventStoreHeadMoved`), inserts the rows at the next seqs and returns the events the caller
/// went past. The lock is held until commit, so commits happen in seq order and a reader never
/// sees seq N+1 before seq N. The flush barrier that follows (a synchronous commit) makes the
/// append durable and `NOTIFY`s the new head. Every instance `LISTEN`s (`appendNotifications`);
/// a notification only wakes a reader, which then reads the log, so a lost one loses nothing (and
/// after a reconnection the current head is announced).
///
/// Thread-safe. `close()` ends notification streams and the connection pool.
public final class PostgresEventStore: SharedEventStore, BoardChangeSource, Sendable {
    public let url: PostgresURL
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    private let notifications: PostgresNotifications<Int64>
    private let isClosed = Mutex(false)
    /// Every event through this seq is known to be on disk (`flushed(through:)`).
    private let durable: DurableMark

    private init(url: PostgresURL, client: PostgresClient, runner: Task<Void, Never>, logger: Logger) {
        self.url = url
        self.client = client
        self.runner = runner
        self.logger = logger
        // Every head announced is durable: a notification comes from a flush barrier, and the
        // head read when (re)listening is read in a transaction that is itself a barrier.
        let durable = DurableMark()
        self.durable = durable
        self.notifications = PostgresNotifications(
            client: client, channel: PostgresSchema.channel,
            current: "SELECT coalesce(max(seq), 0)::text FROM isomorphiq_events, txid_current()", logger: logger
        ) { payload in
            guard let seq = Int64(payload) else { return nil }
            durable.advance(to: seq)
            return seq
        }
    }

    /// Connects, migrates the schema (once, whoever starts first) and starts listening.
    /// - Throws: `StoreError` (`unavailable` when the server cannot be reached) with a message for a user.
    public static func open(_ url: PostgresURL, logger: Logger = Logger(label: "isomorphiq.postgres")) async throws -> PostgresEventStore {
        var configuration = url.configuration
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 8
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // The pool serves leases only once `run()` has begun (before that PostgresNIO warns on
        // every lease): wait until the runner is about to call it. `run()` marks itself running
        // before it first suspends.
        let (begun, signal) = AsyncStream.makeStream(of: Void.self)
        let runner = Task {
            signal.finish()
            await client.run()
        }
        for await _ in begun {}
        let store = PostgresEventStore(url: url, client: client, runner: runner, logger: logger)
        do {
            try await PostgresSchema.migrate(client, logger: logger)
        } catch {
            runner.cancel()
            throw store.storeError(error)
        }
        store.notifications.start()
        return store
    }

    // MARK: EventStore

    public func append(_ events: [Event]) async throws -> [Event] {
        guard !events.isEmpty else { return [] }
        return try await append(events, expected: -1, reads: nil).stored
    }

    public func append(_ events: [Event], after head: Int64, unlessChanged reads: Set<BoardKey>?) async throws -> SharedAppend {
        guard events.isEmpty else { return try await append(events, expected: head, reads: reads) }
        // Only a check: a plain read, without the append lock. Seqs become visible in order, so
        // any snapshot holds a gap-free prefix of the log, and the check holds at its end. It
        // reads to the end (every acknowledged event must count), with a barrier only when that is
        // past what is known to be on disk.
        let missed = try await read(EventQuery(afterSeq: head, limit: PostgresSchema.maximumMissed + 1))
        if let last = missed.last?.seq, missed.count > PostgresSchema.maximumMissed || reads.map({ reads in
            missed.contains { !reads.isDisjoint(with: $0.boardKeys) }
        }) ?? true {
            throw EventStoreHeadMoved(lastSeq: last)
        }
        return SharedAppend(missed: missed, stored: [])
    }

    private func append(_ events: [Event], expected: Int64, reads: Set<BoardKey>?) async throws -> SharedAppend {
        guard !isClosed.withLock({ $0 }) else { throw StoreError.failed("the event log is closed") }
        let rows = try PostgresRows(events)
        let keys = reads.map { $0.map(PostgresRows.key) }
        let answer: [(Int64, String?)]
        do {
            let query: PostgresQuery = """
                SELECT row_seq, row_payload FROM isomorphiq_append_after(\(expected), \(keys)::text[], \(rows.ids)::text[], \(rows.types)::text[],
                    \(rows.tasks)::text[], \(rows.related)::text[], \(rows.actors)::text[], \(rows.stamps)::bigint[], \(rows.payloads)::text[],
                    \(rows.versions)::int[], \(rows.touches)::text[])
                """
            let client = self.client, logger = self.logger
            answer = try await withDeadline(Self.timeout, "append") {
                var rows: [(Int64, String?)] = []
                for try await row in try await client.query(query, logger: logger).decode((Int64, String?).self) { rows.append(row) }
                return rows
            }
        } catch {
            throw storeError(error, writing: true)
        }
        guard let (head, _) = answer.first else { throw StoreError.failed("isomorphiq_append_after returned nothing") }
        if head < 0 { throw EventStoreHeadMoved(lastSeq: -head - 1) }
        var missed: [Event] = []
        missed.reserveCapacity(answer.count - 1)
        for (seq, payload) in answer.dropFirst() {
            do {
                missed.append(try EventCodec.decode(Array((payload ?? "").utf8)).sequenced(seq))
            } catch {
                throw StoreError.unreadable(at: url.description, seq: seq, detail: "\(error)")
            }
        }
        let stored = events.enumerated().map { index, event in event.sequenced(head + Int64(index) + 1) }
        do {
            try await flushed(through: stored.last?.seq ?? missed.last?.seq ?? 0)
        } catch {
            throw storeError(error, writing: !events.isEmpty)
        }
        return SharedAppend(missed: missed, stored: stored)
    }

    public func read(_ query: EventQuery) async throws -> [Event] {
        try await fetch(query) { seq, payload in
            do {
                return try EventCodec.decode(Array(payload.utf8)).sequenced(seq)
            } catch {
                throw StoreError.unreadable(at: url.description, seq: seq, detail: "\(error)")
            }
        }
    }

    public func readBoardChanges(_ query: EventQuery) async throws -> [BoardChange] {
        try await fetch(query) { seq, payload in
            do {
                var change = try Array(payload.utf8).withUnsafeBufferPointer { try EventCodec.decodeBoardChange($0) }
                change.seq = seq
                return change
            } catch {
                return .unreadable(seq: seq, detail: "\(error)")
            }
        }
    }

    private func fetch<Element>(_ query: EventQuery, decode: (Int64, String) throws -> Element) async throws -> [Element] {
        let types = query.types.map { $0.map(\.rawValue).sorted() }
        let task = query.taskID?.wire
        let since = query.since.map { Self.lowerBound($0) }
        let until = query.until.map { Self.lowerBound($0) }
        let limit = query.limit.map { Int64(max(0, $0)) }
        let sql: PostgresQuery = """
            SELECT seq, payload FROM isomorphiq_events
            WHERE seq > \(query.afterSeq ?? 0) AND seq <= \(query.throughSeq ?? Int64.max)
              AND (\(types)::text[] IS NULL OR type = ANY(\(types)::text[]))
              AND (\(task)::text IS NULL OR task_id = \(task)::text OR related_task_id = \(task)::text)
              AND (\(since)::bigint IS NULL OR ts >= \(since)::bigint)
              AND (\(until)::bigint IS NULL OR ts < \(until)::bigint)
            ORDER BY seq LIMIT \(limit)
            """
        let rows: [(Int64, String)]
        do {
            let client = self.client, logger = self.logger
            rows = try await withDeadline(Self.timeout, "read") {
                var rows: [(Int64, String)] = []
                for try await row in try await client.query(sql, logger: logger).decode((Int64, String).self) { rows.append(row) }
                return rows
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw storeError(error)
        }
        try await flushed(through: rows.last?.0 ?? 0)
        var elements: [Element] = []
        elements.reserveCapacity(rows.count)
        do {
            for (seq, payload) in rows { elements.append(try decode(seq, payload)) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw storeError(error)
        }
        return elements
    }

    public func lastSeq() async throws -> Int64 {
        try await scalar("SELECT coalesce(max(seq), 0) FROM isomorphiq_events")
    }

    public func firstSeq() async throws -> Int64 {
        try await scalar("SELECT coalesce(min(seq), 0) FROM isomorphiq_events")
    }

    public func statistics() async throws -> EventStoreStatistics {
        do {
            var counts: [String: Int] = [:]
            for try await (type, count) in try await client.query("SELECT type, count(*) FROM isomorphiq_events GROUP BY type", logger: logger)
                .decode((String, Int64).self) {
                counts[type] = Int(count)
            }
            let first = try await firstSeq()
            let last = try await lastSeq()
            return EventStoreStatistics(eventCount: counts.values.reduce(0, +), firstSeq: first, lastSeq: last, dropped: 0, countsByType: counts)
        } catch let error as StoreError {
            throw error
        } catch {
            throw storeError(error)
        }
    }

    public func appendNotifications() -> AsyncStream<Int64> {
        notifications.stream()
    }

    /// Snapshots kept in the same database (`isomorphiq_snapshots`).
    public var snapshots: PostgresSnapshotStore { PostgresSnapshotStore(client: client, logger: logger, location: url.description) }

    /// Ends notification streams and closes every connection. Safe to call more than once.
    public func close() async {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        notifications.finish()
        runner.cancel()
        _ = await runner.value
    }

    // MARK: Durability

    /// Returns once every event through `seq` is on disk. Appends commit asynchronously (the
    /// append lock is then held for the insert only, not for the disk), so a committed event may
    /// be visible before it is durable; this is the barrier between the two. It commits a
    /// transaction that has an id (`txid_current()`), synchronously: PostgreSQL's WAL is one
    /// sequence, so that commit waits for the flush of everything committed before it, and
    /// concurrent barriers (every instance's) share one flush. Nothing is handed to a caller (an
    /// append's answer, a read) before it: no instance ever shows an event that a crash of the
    /// database could take back.
    /// The barrier also `NOTIFY`s `seq`: other instances learn of new events only once they are
    /// on disk, and read them without a barrier of their own.
    private func flushed(through seq: Int64) async throws {
        guard seq > durable.seq else { return }
        _ = try await scalar("SELECT txid_current() FROM (SELECT pg_notify(\(PostgresSchema.channel), \(String(seq)))) AS announced")
        durable.advance(to: seq)
    }

    // MARK: Helpers

    /// A seq through which the log is known to be on disk; only grows.
    final class DurableMark: Sendable {
        private let value = Mutex<Int64>(0)
        var seq: Int64 { value.withLock { $0 } }
        func advance(to seq: Int64) { value.withLock { $0 = max($0, seq) } }
    }

    /// How long one statement may wait (for a connection included) before the store reports itself unavailable.
    static let timeout = Duration.seconds(3)

    private func scalar(_ query: PostgresQuery) async throws -> Int64 {
        do {
            let client = self.client, logger = self.logger
            return try await withDeadline(Self.timeout, "query") {
                var value: Int64 = 0
                for try await row in try await client.query(query, logger: logger).decode(Int64.self) { value = row }
                return value
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw storeError(error)
        }
    }

    /// The `ts` bound equivalent to `EventQuery.matches` for `date` (as the SQLite store has it).
    static func lowerBound(_ date: Date) -> Int64 {
        let millis = Timestamp.milliseconds(date)
        return Timestamp.truncated(date) < date ? millis + 1 : millis
    }

    func storeError(_ error: any Error, writing: Bool = false) -> StoreError {
        PostgresErrors.storeError(error, location: url.description, writing: writing)
    }
}
