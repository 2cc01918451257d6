import IsomorphiqCore

/// Where the `task` commands read and change tasks: a running instance over REST
/// (`RemoteTaskBackend`) or the data directory itself (`LocalTaskBackend`). Errors are `CLIError`.
protocol TaskBackend: Sendable {
    func board() async throws(CLIError) -> TaskBoard
    func send(_ commands: [TaskCommand]) async throws(CLIError) -> [Event]
    func history(of id: TaskID) async throws(CLIError) -> [Event]
    func close() async
}

extension TaskBackend {
    /// The one task whose id starts with `prefix` (`#` and case ignored).
    func resolve(_ prefix: String, on board: TaskBoard) throws(CLIError) -> TaskItem {
        let wanted = prefix.trimmingPrefix("#").lowercased()
        guard !wanted.isEmpty else { throw CLIError(.validation, "give a task id or a prefix of one") }
        let matches = board.tasks.values.filter { $0.id.wire.hasPrefix(wanted) }
        guard let first = matches.first else { throw CLIError(.notFound, "no task with an id starting \(wanted)") }
        guard matches.count == 1 else {
            let ids = matches.map(\.shortID).sorted().prefix(5).joined(separator: ", ")
            throw CLIError(.validation, "'\(wanted)' matches \(matches.count) tasks (\(ids)); give more of the id")
        }
        return first
    }
}
