import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqStore

/// Hidden: appends generated events one call at a time and prints each acknowledged seq on its
/// own line, flushed, so a test can kill the process mid-burst and check what survived.
struct EventsStressAppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress-append", abstract: "Append generated events, printing each acknowledged seq.", shouldDisplay: false)

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "How many events.") var count = 10_000
    @Option(help: "Concurrent appenders.") var writers = 4

    func run() async throws {
        let store = try await data.openForWriting()
        let writers = max(1, self.writers)
        // Each writer has its own tasks and appends them in order, so the log stays consistent
        // whatever order the writers' appends interleave in.
        let perWriter = (0..<writers).map { writer in
            var generator = SyntheticEvents(seed: UInt64(getpid()) << 8 | UInt64(writer), liveTasks: 50)
            return generator.next(count / writers + (writer < count % writers ? 1 : 0))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for event in perWriter[writer] {
                        for stored in try await store.append([event]) {
                            let line = "\(stored.seq)\n"
                            // One unbuffered write(2) per line: nothing sits in a buffer when SIGKILL comes.
                            _ = line.withCString { write(1, $0, strlen($0)) }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        await store.close()
    }
}
