import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqStore

/// Hidden, for `make bench` (Benchmarks/PostgresScale/bench.sh): fills an empty log with
/// `--events` synthetic events (a snapshot before the last 500, as a running server leaves it),
/// then measures a full replay and a start-up (open, snapshot, the events after it) in this
/// process, and prints one JSON line of figures. With `--fill-only` it stops after filling.
struct EventsBenchLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-load", abstract: "Measure replay and start-up on a large log.", shouldDisplay: false)

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "How many events the log should hold.") var events = 1_000_000
    @Flag(help: "Only fill the log.") var fillOnly = false

    func run() async throws {
        let clock = ContinuousClock()
        var fillSeconds = 0.0
        let store = try await data.openForWriting()
        if try await store.lastSeq() == 0 {
            let start = clock.now
            var generator = SyntheticEvents(seed: 99, liveTasks: 10_000)
            var board = TaskBoard()
            var written = 0
            while written < events - 500 {
                let batch = try await store.append(generator.next(min(10_000, events - 500 - written)))
                for event in batch { board.apply(event) }
                written += batch.count
            }
            try await store.snapshotStore.save(board, createdAt: Date())
            _ = try await store.append(generator.next(500))
            fillSeconds = Self.seconds(clock.now - start)
        }
        await store.close()
        guard !fillOnly else { return }

        let replayStore = try await data.openForWriting()
        let (board, replay) = try await ReplayService(store: replayStore).fold()
        await replayStore.close()

        let start = clock.now
        let opened = try await data.openForWriting()
        let loaded = try await BoardLoader(store: opened, snapshots: opened.snapshotStore).load()
        let startUp = Self.seconds(clock.now - start)
        await opened.close()
        guard loaded.board == board else { throw ValidationError("the board from the snapshot differs from the replayed one") }
        print(String(
            format: #"{"events":%d,"tasks":%d,"fillSeconds":%.1f,"replaySeconds":%.3f,"replayPerSecond":%.0f,"startUpSeconds":%.3f,"replayedAfterSnapshot":%d}"#,
            replay.events, board.count, fillSeconds, Self.seconds(replay.elapsed), replay.rate, startUp, loaded.replay.events))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
