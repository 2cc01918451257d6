import IsomorphiqCore
import IsomorphiqPostgres
import IsomorphiqStore

/// An event log the `events` commands opened: the SQLite file of a data directory, or a
/// PostgreSQL database shared by several instances (`--database-url`). The commands need only the
/// `EventStore` contract, the snapshots and a way to close.
protocol EventLogHandle: EventStore {
    var snapshotStore: any SnapshotStore { get }
    /// Where the log is, for messages.
    var location: String { get }
    func close() async
}

extension SQLiteEventStore: EventLogHandle {
    var snapshotStore: any SnapshotStore { snapshots }
    var location: String { path }
}

extension PostgresEventStore: EventLogHandle {
    var snapshotStore: any SnapshotStore { snapshots }
    var location: String { url.description }
}
