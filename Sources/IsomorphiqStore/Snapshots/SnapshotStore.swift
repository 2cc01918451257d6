public import Foundation
public import IsomorphiqCore

/// Where board snapshots are kept: a snapshot is the board as the fold of events `1...seq`.
///
/// A snapshot is only a cache of the log: losing or skipping one costs replay time, never data.
public protocol SnapshotStore: Sendable {
    /// Stores `board` as the snapshot at `board.lastSeq` (replacing one at the same seq).
    func save(_ board: TaskBoard, createdAt: Date) async throws

    /// Every stored snapshot, newest (highest seq) first. Cheap: boards are not decoded.
    func list() async throws -> [SnapshotInfo]

    /// Decodes the snapshot at `seq`. Throws when it is missing or does not decode.
    func board(at seq: Int64) async throws -> TaskBoard

    /// Deletes all but the newest `count` snapshots.
    func prune(keeping count: Int) async throws
}

/// What is known about a stored snapshot without decoding it.
public struct SnapshotInfo: Sendable, Hashable {
    public var seq: Int64
    public var createdAt: Date
    /// Size of the board's JSON.
    public var bytes: Int

    public init(seq: Int64, createdAt: Date, bytes: Int) {
        self.seq = seq
        self.createdAt = createdAt
        self.bytes = bytes
    }
}
