public import Foundation
public import IsomorphiqCore
import GRDB

/// Snapshots in the event log's own database (`snapshots` table: seq, board JSON, created_at).
///
/// The board is encoded (`EventCodec`, the `TaskBoard: Codable` form; older rows written by
/// `JSONEncoder` read the same) before the write transaction starts, so the
/// writer is held only for the insert. Obtain one from `SQLiteEventStore.snapshots`.
public struct SQLiteSnapshotStore: SnapshotStore {
    let pool: DatabasePool
    let path: String

    public func save(_ board: TaskBoard, createdAt: Date) async throws {
        let json = String(decoding: EventCodec.encode(board), as: UTF8.self)
        let millis = Int64((createdAt.timeIntervalSince1970 * 1000).rounded(.down))
        do {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO snapshots (seq, board, created_at) VALUES (?, ?, ?)",
                    arguments: [board.lastSeq, json, millis])
            }
        } catch {
            throw SQLiteEventStore.storeError(error, path: path, writing: true)
        }
    }

    public func list() async throws -> [SnapshotInfo] {
        do {
            return try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT seq, created_at, length(CAST(board AS BLOB)) FROM snapshots ORDER BY seq DESC").map { row in
                    SnapshotInfo(
                        seq: row[0], createdAt: Date(timeIntervalSince1970: Double(row[1] as Int64) / 1000), bytes: row[2])
                }
            }
        } catch {
            throw SQLiteEventStore.storeError(error, path: path, writing: false)
        }
    }

    public func board(at seq: Int64) async throws -> TaskBoard {
        let data: Data?
        do {
            data = try await pool.read { try Data.fetchOne($0, sql: "SELECT board FROM snapshots WHERE seq = ?", arguments: [seq]) }
        } catch {
            throw SQLiteEventStore.storeError(error, path: path, writing: false)
        }
        guard let data else { throw StoreError.database("no snapshot at seq \(seq)") }
        let board: TaskBoard
        do {
            board = try EventCodec.decodeBoard(data)
        } catch {
            throw StoreError.corrupt(path: path, detail: "snapshot \(seq) cannot be decoded: \(error)")
        }
        guard board.lastSeq == seq else {
            throw StoreError.corrupt(path: path, detail: "snapshot \(seq) holds a board at seq \(board.lastSeq)")
        }
        return board
    }

    public func prune(keeping count: Int) async throws {
        do {
            try await pool.write { db in
                try db.execute(
                    sql: "DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)",
                    arguments: [max(0, count)])
            }
        } catch {
            throw SQLiteEventStore.storeError(error, path: path, writing: true)
        }
    }
}
