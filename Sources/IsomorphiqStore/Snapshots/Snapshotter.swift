public import Foundation
public import IsomorphiqCore
public import Logging
import Synchronization

/// Writes a snapshot every `every` events, off the hot path, and one at clean shutdown.
///
/// `boardDidAdvance` is cheap and never waits: when a snapshot is due it starts a detached write
/// (encode + insert + prune) and returns. At most one write runs at a time; while one runs, later
/// boards are not queued (the next due board after it finishes is written instead), so a fast
/// writer never piles up snapshot work. A failed write is logged and retried at the next due board.
public final class Snapshotter: Sendable {
    public let every: Int
    public let keep: Int
    private let store: any SnapshotStore
    private let now: @Sendable () -> Date
    private let logger: Logger

    private struct State {
        var lastSnapshotSeq: Int64
        var writing: Task<Void, Never>?
        var written = 0
    }

    private let state: Mutex<State>

    /// - Parameters:
    ///   - lastSnapshotSeq: the seq of the newest existing snapshot (the board's seq after loading).
    ///   - now: the clock that stamps `created_at` (injected for tests).
    public init(
        store: any SnapshotStore, every: Int = 1_000, keep: Int = 3, lastSnapshotSeq: Int64 = 0,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "isomorphiq.store")
    ) {
        precondition(every > 0 && keep > 0, "every and keep must be positive")
        self.store = store
        self.every = every
        self.keep = keep
        self.now = now
        self.logger = logger
        state = Mutex(State(lastSnapshotSeq: lastSnapshotSeq))
    }

    /// Tells the snapshotter the board now folds committed events through `board.lastSeq`.
    /// Starts a background snapshot when one is due; never waits.
    public func boardDidAdvance(_ board: TaskBoard) {
        state.withLock { state in
            guard state.writing == nil, board.lastSeq - state.lastSnapshotSeq >= Int64(every) else { return }
            state.lastSnapshotSeq = board.lastSeq
            state.writing = Task.detached(priority: .utility) { [self] in
                await self.write(board)
                self.state.withLock { $0.writing = nil }
            }
        }
    }

    /// Waits for a snapshot in flight, then writes one of `board` if it is newer than the last.
    /// Call at clean shutdown, after the last append.
    public func shutdown(board: TaskBoard) async {
        await idle()
        let due = state.withLock { state in
            guard board.lastSeq > state.lastSnapshotSeq else { return false }
            state.lastSnapshotSeq = board.lastSeq
            return true
        }
        if due { await write(board) }
    }

    /// Waits until no snapshot write is in flight.
    public func idle() async {
        while let task = state.withLock({ $0.writing }) {
            await task.value
        }
    }

    /// How many snapshots this snapshotter has written.
    public var written: Int { state.withLock { $0.written } }

    private func write(_ board: TaskBoard) async {
        do {
            try await store.save(board, createdAt: now())
            try await store.prune(keeping: keep)
            state.withLock { $0.written += 1 }
        } catch {
            logger.warning("snapshot failed; the log is intact and the next one will be tried", metadata: ["seq": "\(board.lastSeq)", "error": "\(error)"])
            state.withLock { if $0.lastSnapshotSeq == board.lastSeq { $0.lastSnapshotSeq = 0 } }
        }
    }
}
