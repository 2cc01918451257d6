import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqStore

struct EventsStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Count events by type, and list snapshots and files.")

    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        let directory = try await data.directory()
        let store = try await data.openForReading()
        let statistics = try await store.statistics()
        let snapshots = try await store.snapshotStore.list()
        await store.close()
        print(store is SQLiteEventStore ? "data directory: \(directory.url.path)" : "database: \(store.location)")
        print("events: \(statistics.eventCount) (seq \(statistics.firstSeq)...\(statistics.lastSeq))")
        for (type, count) in statistics.countsByType.sorted(by: { $0.key < $1.key }) {
            print("  \(type): \(count)")
        }
        print("snapshots: \(snapshots.count)")
        for info in snapshots {
            print("  seq \(info.seq), \(info.bytes) bytes, created \(info.createdAt)")
        }
        for suffix in ["", "-wal"] where store is SQLiteEventStore {
            let path = directory.databaseURL.path + suffix
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber {
                print("file \(path): \(size.int64Value) bytes")
            }
        }
    }
}
