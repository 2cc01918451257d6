import Foundation
import GRDB
import IsomorphiqCore
import Testing

@testable import IsomorphiqStore

/// One bad row must not brick the log: the writer never stores what its reader would refuse, and a
/// row that does not decode anyway (written by an older program, or damaged) is left out of the
/// board at start-up, named by `events verify` and skipped by `events export`.
@Suite("Unreadable events")
struct UnreadableEventTests {
    static let context = EventContext(userId: "alice", source: "test")

    static func created(_ title: String, due: Date? = nil) -> Event {
        EventFactory().taskCreated(TaskItem(id: UUID(), title: title, createdBy: "alice", due: due, createdAt: Date()), context: context)
    }

    @Test("an event whose date the wire form cannot hold is refused by the writer; nothing is stored")
    func writerRefusesWhatItCannotReadBack() async throws {
        try await withTemporaryDirectory { root in
            try await withStore(in: root) { store in
                _ = try await store.append([Self.created("before")])
                // Year 0000 (proleptic): the date that once made the log unreadable.
                let yearZero = Date(timeIntervalSince1970: -62_167_219_200)
                await #expect(throws: StoreError.self) {
                    _ = try await store.append([Self.created("fine"), Self.created("year zero", due: yearZero)])
                }
                do {
                    _ = try await store.append([Self.created("year zero", due: yearZero)])
                } catch let error as StoreError {
                    #expect(error.code == .writeFailed)
                    #expect(error.description.contains("would not read back"))
                }
                #expect(try await store.lastSeq() == 1)
                _ = try await store.append([Self.created("after")])
                #expect(try await store.read(EventQuery()).map { $0.payload.task?.title } == ["before", "after"])
            }
        }
    }

    @Test("a stored row that does not decode: start-up leaves it out, verify names it, export salvages the rest and names what it left out")
    func badRowDoesNotStopStartUp() async throws {
        try await withTemporaryDirectory { root in
            let events = [Self.created("one"), Self.created("two"), Self.created("three")]
            try await withStore(in: root) { store in
                _ = try await store.append(events)
                // What an older program stored for `due: 0000-01-01`: a year this reader refuses.
                let bad = String(decoding: EventCodec.encode(events[1]), as: UTF8.self)
                    .replacingOccurrences(of: #""title":"two""#, with: #""due":"-001-12-30T00:00:00.000Z","title":"two""#)
                try await store.pool.write { db in
                    try db.execute(sql: "UPDATE events SET payload = ? WHERE seq = 2", arguments: [bad])
                }
            }
            try await withStore(in: root) { store in
                let loaded = try await BoardLoader(store: store, snapshots: store.snapshots).load()
                #expect(loaded.board.tasks.values.map(\.title).sorted() == ["one", "three"])
                #expect(loaded.replay.unreadableCount == 1)
                #expect(loaded.replay.unreadable.map(\.seq) == [2])

                let report = try await EventLogVerifier(store: store, snapshots: store.snapshots).verify()
                #expect(!report.isConsistent)
                #expect(report.gaps.isEmpty)
                #expect(report.events == 3)
                #expect(report.problems.first?.hasPrefix("event 2 does not decode") == true, "\(report.problems)")

                var lines: [String] = []
                do {
                    try await EventLogReader(store: store).exportJSONLines { lines.append($0) }
                    Issue.record("the export did not say what it left out")
                } catch let error as StoreError {
                    #expect(error.description.contains("2 events were written, 1 could not be read (seq 2)"), "\(error)")
                }
                #expect(lines.map { try? EventCodec.decode(Array($0.utf8.dropLast())).payload.task?.title } == ["one", "three"])

                // A plain read of the bad row names it.
                do {
                    _ = try await store.read(EventQuery(afterSeq: 1, throughSeq: 2))
                    Issue.record("the bad row was read")
                } catch let error as StoreError {
                    #expect(error.code == .unreadableEvent)
                    #expect(error.seq == 2)
                }
                // And the log still takes appends.
                _ = try await store.append([Self.created("four")])
                #expect(try await store.lastSeq() == 4)
            }
        }
    }
}
