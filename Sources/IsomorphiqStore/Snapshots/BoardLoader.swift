public import IsomorphiqCore
public import Logging

/// Start-up: the newest snapshot that decodes, plus a replay of the events after it.
///
/// A snapshot that does not decode, or that claims a seq beyond the log's end, is skipped with a
/// warning and the next older one is tried; with none usable the whole log is replayed. An event
/// that does not decode is left out of the board with an error logged (`Loaded.replay.unreadable`):
/// the process starts, and `events verify` names the event.
public struct BoardLoader: Sendable {
    public let store: any EventStore
    public let snapshots: (any SnapshotStore)?
    public let logger: Logger
    public let pageSize: Int

    public init(store: any EventStore, snapshots: (any SnapshotStore)?, logger: Logger = Logger(label: "isomorphiq.store"), pageSize: Int = 4_096) {
        self.store = store
        self.snapshots = snapshots
        self.logger = logger
        self.pageSize = pageSize
    }

    /// What start-up found.
    public struct Loaded: Sendable {
        public var board: TaskBoard
        /// The seq of the snapshot used, `nil` for a full replay.
        public var snapshotSeq: Int64?
        /// Seqs of snapshots that were skipped because they did not decode or did not fit the log.
        public var skippedSnapshots: [Int64]
        /// The replay of the events after the snapshot.
        public var replay: ReplayStatistics
        public var elapsed: Duration
    }

    public func load() async throws -> Loaded {
        let clock = ContinuousClock()
        let start = clock.now
        var skipped: [Int64] = []
        var base: (TaskBoard, Int64)?
        if let snapshots {
            let lastSeq = try await store.lastSeq()
            for info in try await snapshots.list() {
                guard info.seq <= lastSeq else {
                    logger.warning("skipping snapshot beyond the end of the log", metadata: ["seq": "\(info.seq)", "lastSeq": "\(lastSeq)"])
                    skipped.append(info.seq)
                    continue
                }
                do {
                    base = (try await snapshots.board(at: info.seq), info.seq)
                    break
                } catch {
                    logger.warning("skipping a snapshot that does not decode", metadata: ["seq": "\(info.seq)", "error": "\(error)"])
                    skipped.append(info.seq)
                }
            }
        }
        let replayer = ReplayService(store: store, pageSize: pageSize)
        let (board, statistics) = try await replayer.fold(.after(base?.1 ?? 0), into: base?.0 ?? TaskBoard())
        if statistics.unreadableCount > 0 {
            logger.error(
                "events that do not decode were left out of the board; run `isomorphiq-tui events verify`",
                metadata: [
                    "count": "\(statistics.unreadableCount)",
                    "seqs": "\(statistics.unreadable.map { String($0.seq) }.joined(separator: ","))",
                    "first": "\(statistics.unreadable.first?.detail ?? "")",
                ])
        }
        return Loaded(board: board, snapshotSeq: base?.1, skippedSnapshots: skipped, replay: statistics, elapsed: clock.now - start)
    }
}
