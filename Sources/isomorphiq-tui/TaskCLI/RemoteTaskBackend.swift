import IsomorphiqCore
import IsomorphiqRemote

/// The `task` commands against a running instance, through its REST API.
struct RemoteTaskBackend: TaskBackend {
    let api: TaskAPIClient

    func board() async throws(CLIError) -> TaskBoard {
        do { return try await api.board() } catch { throw CLIError(error) }
    }

    func send(_ commands: [TaskCommand]) async throws(CLIError) -> [Event] {
        do { return try await api.send(commands) } catch { throw CLIError(error) }
    }

    func history(of id: TaskID) async throws(CLIError) -> [Event] {
        do { return try await api.history(of: id) } catch { throw CLIError(error) }
    }

    func close() async {}
}
