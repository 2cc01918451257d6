import Foundation
import GRDB
import IsomorphiqCore
import Logging
import Testing
@testable import IsomorphiqStore

@Suite("Snapshots, replay and start-up")
struct SnapshotAndReplayTests {
    @Test("replay reads every selection in order, in pages, with statistics")
    func replaySelections() async throws {
        let events = sampleEvents(500)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let stored = try await store.append(events)
                let replay = ReplayService(store: store, pageSize: 64)
                var seen: [Int64] = []
                let all = try await replay.replay { seen.append($0.seq) }
                #expect(seen == Array(1...500))
                #expect(all.events == 500 && all.pages == 8 && all.lastSeq == 500)
                let task = try #require(stored[0].taskID)
                let selections: [(ReplaySelection, [Event])] = [
                    (.task(task), stored.filter(EventQuery(taskID: task).matches)),
                    (.types([.taskDeleted]), stored.filter { $0.type == .taskDeleted }),
                    (.seqRange(100...199), Array(stored[99..<199])),
                    (.timeRange(stored[10].timestamp..<stored[20].timestamp), Array(stored[10..<20])),
                ]
                for (selection, expected) in selections {
                    var got: [Event] = []
                    let statistics = try await replay.replay(selection) { got.append($0) }
                    #expect(got == expected, "\(String(describing: selection))")
                    #expect(statistics.events == expected.count)
                }
                let (board, _) = try await replay.fold()
                #expect(board == TaskBoard.fold(stored))
            }
        }
    }

    @Test("snapshots are written every N events off the hot path, pruned, and one at shutdown")
    func snapshotter() async throws {
        let events = sampleEvents(2_550)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let snapshotter = Snapshotter(store: store.snapshots, every: 500, keep: 3, now: { Date(timeIntervalSince1970: 1_000) })
                var board = TaskBoard()
                for start in stride(from: 0, to: events.count, by: 50) {
                    for event in try await store.append(Array(events[start..<min(events.count, start + 50)])) { board.apply(event) }
                    snapshotter.boardDidAdvance(board)
                    await snapshotter.idle()
                }
                await snapshotter.shutdown(board: board)
                let list = try await store.snapshots.list()
                #expect(list.map(\.seq) == [2_550, 2_500, 2_000])
                #expect(list[0].createdAt == Date(timeIntervalSince1970: 1_000))
                #expect(try await store.snapshots.board(at: 2_000) == TaskBoard.fold(try await store.read(EventQuery(throughSeq: 2_000))))
                let loaded = try await BoardLoader(store: store, snapshots: store.snapshots).load()
                #expect(loaded.snapshotSeq == 2_550)
                #expect(loaded.replay.events == 0)
                #expect(loaded.board == board)
            }
        }
    }

    @Test("start-up skips a snapshot that does not decode and uses an older one")
    func skipCorruptSnapshot() async throws {
        let events = sampleEvents(1_200)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let stored = try await store.append(events)
                try await store.snapshots.save(TaskBoard.fold(stored[..<400]), createdAt: Date())
                try await store.snapshots.save(TaskBoard.fold(stored[..<1_000]), createdAt: Date())
                try await store.pool.write { try $0.execute(sql: "UPDATE snapshots SET board = '{\"lastSeq\": 1000, \"tasks\": [{\"id\": 5}]}' WHERE seq = 1000") }
                let warnings = WarningCollector()
                let loader = BoardLoader(store: store, snapshots: store.snapshots, logger: Logger(label: "test") { _ in warnings })
                let loaded = try await loader.load()
                #expect(loaded.snapshotSeq == 400)
                #expect(loaded.skippedSnapshots == [1_000])
                #expect(loaded.replay.events == 800)
                #expect(loaded.board == TaskBoard.fold(stored))
                #expect(warnings.messages.contains { $0.contains("does not decode") })
            }
        }
    }

    @Test("verify passes on a sound log and finds a tampered snapshot, task by task")
    func verifyDetectsTampering() async throws {
        let events = sampleEvents(900)
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let stored = try await store.append(events)
                let board = TaskBoard.fold(stored[..<600])
                try await store.snapshots.save(board, createdAt: Date())
                let sound = try await EventLogVerifier(store: store, snapshots: store.snapshots).verify()
                #expect(sound.isConsistent)
                #expect(sound.events == 900 && sound.snapshots.count == 1)

                var task = try #require(board.tasks.values.first)
                task.title = "tampered"
                let tampered = TaskBoard(tasks: board.tasks.values.map { $0.id == task.id ? task : $0 }, lastSeq: 600)
                try await store.snapshots.save(tampered, createdAt: Date())
                let report = try await EventLogVerifier(store: store, snapshots: store.snapshots).verify()
                #expect(!report.isConsistent)
                #expect(report.snapshots.first?.differences == [BoardDifference(taskID: task.id, kind: .fields(["title"]))])
                #expect(report.problems.contains { $0.contains(task.id.wire) && $0.contains("title") })
            }
        }
    }

    @Test("import takes a whole valid file, and nothing of a file with one bad line")
    func importAllOrNothing() async throws {
        let events = sampleEvents(300)
        let lines = try events.map { try EventLogReader.jsonLine($0) }
        try await withTemporaryDirectory { root async throws in
            try await withStore(in: root) { store async throws in
                let importer = EventImporter(store: store)
                var bad = lines
                bad[150] = String(bad[150].dropLast(5))
                let error = await #expect(throws: StoreError.self) { try await importer.importLines(Data(bad.joined(separator: "\n").utf8)) }
                #expect(error?.code == .invalidImport && error?.line == 151)
                #expect(try await store.lastSeq() == 0)

                // An update for a task that was never created does not fit the board.
                let orphan = lines.enumerated().first { events[$0.offset].type == .taskUpdated }!.offset
                let misfit = Array(lines[orphan...])
                let misfitError = await #expect(throws: StoreError.self) { try await importer.importLines(Data(misfit.joined(separator: "\n").utf8)) }
                #expect(misfitError?.line == 1)
                #expect(misfitError?.description.contains("does not exist") == true)
                #expect(try await store.lastSeq() == 0)

                let imported = try await importer.importLines(Data((lines.joined(separator: "\n") + "\n\n").utf8))
                #expect(imported.map(\.seq) == Array(1...300))
                #expect(try await store.read(EventQuery()) == imported)
                // Importing it again repeats ids: refused, nothing added.
                let again = await #expect(throws: StoreError.self) { try await importer.importLines(Data(lines[0].utf8)) }
                #expect(again?.line == 1)
                #expect(try await store.lastSeq() == 300)
            }
        }
    }

    @Test("export writes JSON lines after a seq that import reads back")
    func exportRoundTrip() async throws {
        let events = sampleEvents(120)
        try await withTemporaryDirectory { root async throws in
            var output = ""
            try await withStore(in: root) { store async throws in
                _ = try await store.append(events)
                let count = try await EventLogReader(store: store).exportJSONLines(since: 20) { output += $0 }
                #expect(count == 100)
                #expect(try await EventLogReader(store: store).last(5).map(\.seq) == Array(116...120))
            }
            let lines = output.split(separator: "\n")
            #expect(lines.count == 100)
            let first = try JSONDecoder().decode(Event.self, from: Data(lines[0].utf8))
            #expect(first.seq == 21 && first.id == events[20].id)
        }
    }
}

/// Collects warning messages from a logger, to check what start-up reported.
final class WarningCollector: LogHandler, @unchecked Sendable {
    // @unchecked: the message list is only touched under `lock`.
    private let lock = NSLock()
    private var collected: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    var messages: [String] { lock.withLock { collected } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { collected.append(event.message.description) }
    }
}
