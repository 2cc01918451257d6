import IsomorphiqCore

/// The shared shape of `done`, `start`, `edit` and `rm`: resolve the id, build commands at the
/// task's current version, send them, print the result.
enum TaskChange {
    static func run(_ target: TaskTargetOptions, id: String, json: Bool, verb: String, _ commands: (TaskItem) throws(CLIError) -> [TaskCommand]) async throws {
        let backend = try await target.open()
        do {
            let task = try backend.resolve(id, on: try await backend.board())
            let events = try await backend.send(try commands(task))
            await backend.close()
            let result = events.last?.payload.task ?? task
            if json {
                print(try TaskPrinter.json(result))
            } else {
                print((events.isEmpty ? "unchanged " : verb + " ") + TaskPrinter.line(result))
            }
        } catch {
            await backend.close()
            throw error
        }
    }
}
