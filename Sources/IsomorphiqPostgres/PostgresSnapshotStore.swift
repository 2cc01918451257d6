public import Foundation
public import IsomorphiqCore
public import IsomorphiqStore
import Logging
import PostgresNIO

/// Board snapshots in the shared database (`isomorphiq_snapshots`), shared by every instance:
/// whichever instance writes one, any instance can start from it.
public struct PostgresSnapshotStore: SnapshotStore {
    let client: PostgresClient
    let logger: Logger
    let location: String

    public func save(_ board: TaskBoard, createdAt: Date) async throws {
        let json = String(decoding: EventCodec.encode(board), as: UTF8.self)
        let millis = Timestamp.milliseconds(createdAt)
        do {
            try await client.query(
                """
                INSERT INTO isomorphiq_snapshots (seq, board, created_at) VALUES (\(board.lastSeq), \(json), \(millis))
                ON CONFLICT (seq) DO UPDATE SET board = EXCLUDED.board, created_at = EXCLUDED.created_at
                """, logger: logger)
        } catch {
            throw PostgresErrors.storeError(error, location: location, writing: true)
        }
    }

    public func list() async throws -> [SnapshotInfo] {
        do {
            var infos: [SnapshotInfo] = []
            let rows = try await client.query("SELECT seq, created_at, octet_length(board) FROM isomorphiq_snapshots ORDER BY seq DESC", logger: logger)
            for try await (seq, created, bytes) in rows.decode((Int64, Int64, Int32).self) {
                infos.append(SnapshotInfo(seq: seq, createdAt: Timestamp.date(milliseconds: created), bytes: Int(bytes)))
            }
            return infos
        } catch {
            throw PostgresErrors.storeError(error, location: location, writing: false)
        }
    }

    public func board(at seq: Int64) async throws -> TaskBoard {
        var json: String?
        do {
            for try await value in try await client.query("SELECT board FROM isomorphiq_snapshots WHERE seq = \(seq)", logger: logger).decode(String.self) {
                json = value
            }
        } catch {
            throw PostgresErrors.storeError(error, location: location, writing: false)
        }
        guard let json else { throw StoreError.failed("\(location): no snapshot at seq \(seq)") }
        let board = try EventCodec.decodeBoard(Array(json.utf8))
        guard board.lastSeq == seq else { throw StoreError.failed("\(location): snapshot \(seq) holds a board at seq \(board.lastSeq)") }
        return board
    }

    public func prune(keeping count: Int) async throws {
        do {
            try await client.query(
                "DELETE FROM isomorphiq_snapshots WHERE seq NOT IN (SELECT seq FROM isomorphiq_snapshots ORDER BY seq DESC LIMIT \(Int64(max(0, count))))",
                logger: logger)
        } catch {
            throw PostgresErrors.storeError(error, location: location, writing: true)
        }
    }
}
