import Foundation
import GRDB
import IsomorphiqCore
import Testing

@testable import IsomorphiqStore

/// The store writes event and board JSON with `EventCodec`; rows and snapshots written before,
/// by `JSONEncoder` (other key order, escaped slashes, schema-1 events), must still read the same.
@Suite("Stored JSON compatibility")
struct StoredJSONCompatibilityTests {
    @Test func rowsWrittenByJSONEncoderReadTheSame() async throws {
        try await withTemporaryDirectory { root in
            try await withStore(in: root) { store in
                let events = try await store.append(sampleEvents(300))
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.withoutEscapingSlashes]
                try await store.pool.write { db in
                    for event in events {
                        let old = String(decoding: try encoder.encode(event.sequenced(0)), as: UTF8.self)
                        try db.execute(sql: "UPDATE events SET payload = ? WHERE seq = ?", arguments: [old, event.seq])
                    }
                }
                #expect(try await store.read(EventQuery()) == events)
            }
        }
    }

    @Test func newRowsAreTheCodableFormWithSortedKeys() async throws {
        try await withTemporaryDirectory { root in
            try await withStore(in: root) { store in
                let events = try await store.append(sampleEvents(50))
                let stored = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT payload FROM events ORDER BY seq") }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                #expect(stored == (try events.map { String(decoding: try encoder.encode($0.sequenced(0)), as: UTF8.self) }))
                let titles = try await store.pool.read { db in
                    try String.fetchAll(db, sql: "SELECT json_extract(payload, '$.data.task.title') FROM events ORDER BY seq")
                }
                #expect(titles == events.map { $0.payload.task!.title })
            }
        }
    }

    @Test func aSchemaOneRowIsUpcastOnRead() async throws {
        try await withTemporaryDirectory { root in
            try await withStore(in: root) { store in
                let events = try await store.append(sampleEvents(5))
                let created = events[0].payload.task!
                let old = """
                    {"id":"00000000-0000-4000-8000-0000000000aa","type":"task_assigned","timestamp":"2026-11-29T10:00:00.000Z",
                     "data":{"taskId":"\(created.id.wire)","assignee":"bob","task":\(String(decoding: EventCodec.encode(created), as: UTF8.self))},
                     "metadata":{"userId":"alice","source":"rest","schemaVersion":1}}
                    """
                try await store.pool.write { db in
                    try db.execute(sql: "UPDATE events SET payload = ? WHERE seq = 2", arguments: [old])
                }
                let read = try await store.read(EventQuery(afterSeq: 1, throughSeq: 2))
                guard case .taskAssigned(let payload) = read.first?.payload else {
                    Issue.record("expected task_assigned")
                    return
                }
                #expect(payload.assignedTo == "bob")
                #expect(payload.updatedBy == "alice")
                #expect(read.first?.seq == 2)
                // Replay's fold (the lean decode) upcasts it too: the board is the fold of what read gives.
                let (board, _) = try await ReplayService(store: store).fold()
                #expect(board == TaskBoard.fold(try await store.read(EventQuery())))
            }
        }
    }

    @Test func aSnapshotWrittenByJSONEncoderLoads() async throws {
        try await withTemporaryDirectory { root in
            try await withStore(in: root) { store in
                let events = try await store.append(sampleEvents(200))
                let board = TaskBoard.fold(events)
                let old = String(decoding: try JSONEncoder().encode(board), as: UTF8.self)
                try await store.pool.write { db in
                    try db.execute(sql: "INSERT INTO snapshots (seq, board, created_at) VALUES (?, ?, 0)", arguments: [board.lastSeq, old])
                }
                #expect(try await store.snapshots.board(at: board.lastSeq) == board)
                try await store.snapshots.save(board, createdAt: Date())
                #expect(try await store.snapshots.board(at: board.lastSeq) == board)
            }
        }
    }
}
