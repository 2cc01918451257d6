import Synchronization

/// Collects the `BoardKey`s a batch's decisions read from the committed board.
/// Used by the writer only, one per batch.
final class BoardReads: Sendable {
    private let keys = Mutex<Set<BoardKey>>([])

    func record(_ key: BoardKey) {
        _ = keys.withLock { $0.insert(key) }
    }

    var all: Set<BoardKey> { keys.withLock { $0 } }
}

/// A `TaskLookup` that records every read of `base` in `reads`. The writer lays its
/// `PendingBoard` over one when the log is shared, so that what a batch read is known exactly
/// (a cycle check records every task it walked through).
struct RecordingLookup: TaskLookup {
    let base: TaskBoard
    let reads: BoardReads

    func task(_ id: TaskID) -> TaskItem? {
        reads.record(.task(id))
        return base.task(id)
    }

    func dependentIDs(of id: TaskID) -> Set<TaskID> {
        reads.record(.dependents(id))
        return base.dependentIDs(of: id)
    }
}
