import Foundation
import IsomorphiqCore
import IsomorphiqPostgres
import IsomorphiqStore
import Logging
import Synchronization

/// The core of one running instance: the store, the board loaded from it, the bus with its
/// middleware, the task service and the snapshotter. Opened once by `run` and `serve`.
struct CoreRuntime: Sendable {
    let settings: Settings
    let store: any EventStore
    let sqlite: SQLiteEventStore?
    let postgres: PostgresEventStore?
    /// Presence shared with the other instances on the same PostgreSQL log.
    let presence: PostgresPresence?
    let bus: EventBus
    let service: TaskService
    let snapshotter: Snapshotter?
    let metrics: MetricsMiddleware
    let logger: Logger
    let loadReport: String
    /// The running presence service, cancelled at shutdown.
    let presenceTask = BackgroundTask()

    /// Opens the data directory (taking its lock), the store, and loads the board.
    /// - Throws: `StoreError` (locked, not a database, newer schema…) with a message for the user.
    /// - Parameter isAdmin: who besides the local user is an admin (token holders marked admin).
    static func open(_ settings: Settings, logger: Logger, isAdmin: @escaping @Sendable (UserID) -> Bool = { _ in false }) async throws -> CoreRuntime {
        let store: any EventStore
        var sqlite: SQLiteEventStore?
        var snapshots: (any SnapshotStore)?
        var postgres: PostgresEventStore?
        if settings.store == "postgres" && settings.enablePersistence {
            let opened = try await settings.openPostgres(logger: logger)
            postgres = opened
            snapshots = opened.snapshots
            store = opened
        } else if settings.store == "sqlite" && settings.enablePersistence {
            let directory = DataDirectory(url: URL(fileURLWithPath: settings.dataDir))
            let opened = try SQLiteEventStore.open(in: directory)
            sqlite = opened
            snapshots = opened.snapshots
            store = opened
        } else {
            store = InMemoryEventStore(capacity: settings.memoryCapacity)
        }
        let loaded = try await BoardLoader(store: store, snapshots: snapshots, logger: logger).load()
        let bus = EventBus(configuration: settings.busConfiguration, store: store, board: loaded.board, logger: logger)
        let metrics = MetricsMiddleware()
        for middleware in settings.middlewarePreset.middleware(logger: logger, metrics: metrics) { bus.use(middleware) }
        let localUser = settings.user
        let policy = PermissionPolicy { user in user == localUser || isAdmin(user) }
        let service = TaskService(bus: bus, decider: TaskDecider(policy: policy))
        let snapshotter = snapshots.map {
            Snapshotter(store: $0, every: settings.snapshotEvery, lastSnapshotSeq: loaded.snapshotSeq ?? 0, logger: logger)
        }
        let report = "loaded \(loaded.board.count) tasks at seq \(loaded.board.lastSeq)"
            + (loaded.snapshotSeq.map { " (snapshot \($0) + \(loaded.replay.events) events)" } ?? " (\(loaded.replay.events) events replayed)")
            + " in \(loaded.elapsed)"
            + (loaded.replay.unreadableCount > 0
                ? "; \(loaded.replay.unreadableCount) events cannot be read and were left out (run `isomorphiq-tui events verify`)" : "")
        return CoreRuntime(
            settings: settings, store: store, sqlite: sqlite, postgres: postgres, presence: postgres.map { PostgresPresence($0) }, bus: bus, service: service, snapshotter: snapshotter,
            metrics: metrics, logger: logger, loadReport: report)
    }

    /// Starts the snapshotter's subscription and announces the start on the bus.
    func start() async throws {
        if postgres != nil {
            // Other instances' appends reach this board, and every subscriber, at once.
            let bus = self.bus
            Task { await bus.followSharedStore() }
            if let presence { presenceTask.set(Task { await presence.run(bus: bus) }) }
        }
        if let snapshotter {
            let bus = self.bus
            let every = Int64(settings.snapshotEvery)
            let subscription = try bus.subscribe(.taskEvents, name: "snapshotter", bufferSize: 16, policy: .dropOldest)
            Task {
                var nextDue = bus.board.lastSeq + every
                for await event in subscription where event.seq >= nextDue {
                    nextDue = event.seq + every
                    snapshotter.boardDidAdvance(bus.board)
                }
            }
        }
        try await bus.publish(EventFactory().systemStarted(SystemNotice(version: IsomorphiqCommand.version, message: loadReport)))
    }

    /// Announces the shutdown, writes the final snapshot and closes the store.
    func shutdown() async {
        _ = try? await bus.publish(EventFactory().systemShutdown(SystemNotice(version: IsomorphiqCommand.version)))
        await snapshotter?.shutdown(board: bus.board)
        bus.close()
        await sqlite?.close()
        await presenceTask.cancelAndWait()
        await postgres?.close()
    }
}

/// One background task a runtime owns: set once started, cancelled and awaited at shutdown.
final class BackgroundTask: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)

    func set(_ new: Task<Void, Never>) {
        task.withLock { $0 = new }
    }

    func cancelAndWait() async {
        guard let running = task.withLock({ $0 }) else { return }
        running.cancel()
        await running.value
    }
}
