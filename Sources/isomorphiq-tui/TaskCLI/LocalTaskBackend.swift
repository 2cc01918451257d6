import Foundation
import IsomorphiqCore
import IsomorphiqStore
import Logging

/// The `task` commands on the data directory, when no instance runs: opens the store (taking
/// the directory's lock), changes it through the same `TaskService`, and closes it.
struct LocalTaskBackend: TaskBackend {
    let runtime: CoreRuntime
    let context: EventContext

    /// - Throws: `CLIError.unavailable` when a running instance holds the directory, saying how to reach it.
    static func open(_ settings: Settings, logger: Logger) async throws(CLIError) -> LocalTaskBackend {
        do {
            let runtime = try await CoreRuntime.open(settings, logger: logger)
            return LocalTaskBackend(runtime: runtime, context: EventContext(userId: settings.user, source: "cli"))
        } catch let error as StoreError where error.code == .locked {
            let pid = error.lockHolderPID.map { " (pid \($0))" } ?? ""
            var hint = "run the command with --connect http://HOST:PORT (and --token) to go through it"
            if let url = ServerAnnouncement.read(dataDir: settings.dataDir)?.url { hint = "run the command with --connect \(url)" }
            throw CLIError(.unavailable, "the data directory \(settings.dataDir) is in use by a running isomorphiq-tui\(pid); \(hint)")
        } catch {
            throw CLIError(.unavailable, "cannot open the data directory \(settings.dataDir): \(error)")
        }
    }

    func board() async throws(CLIError) -> TaskBoard { runtime.bus.board }

    func send(_ commands: [TaskCommand]) async throws(CLIError) -> [Event] {
        do {
            return try await runtime.service.handle(commands, as: context)
        } catch let error as TaskServiceError {
            throw CLIError(error)
        } catch {
            throw CLIError(.unavailable, "\(error)")
        }
    }

    func history(of id: TaskID) async throws(CLIError) -> [Event] {
        do { return try await runtime.store.read(EventQuery(taskID: id)) } catch { throw CLIError(.unavailable, "cannot read the log: \(error)") }
    }

    func close() async {
        await runtime.snapshotter?.shutdown(board: runtime.bus.board)
        runtime.bus.close()
        await runtime.sqlite?.close()
    }
}
