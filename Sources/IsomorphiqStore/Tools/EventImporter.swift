public import Foundation
public import IsomorphiqCore

/// `events import FILE`: validates every line of a JSON-lines file, then appends all of it in
/// one transaction, or nothing.
///
/// A line is refused when it is not JSON, not a decodable event, not a task event, repeats an id
/// (in the file or already in the log), has a `seq` not above the previous line's, or does not fit
/// the board: `task_created` for a task that exists, any other event for a task that does not,
/// or a dependency on a task that does not exist. Blank lines are skipped. Imported events keep
/// their ids, times and metadata and get new seqs after the log's end, in file order.
public struct EventImporter: Sendable {
    public let store: any EventStore

    public init(store: any EventStore) {
        self.store = store
    }

    /// Validates and imports `data`; returns the stored events.
    /// - Throws: `StoreError.invalidImport` naming the first bad line; nothing is stored then.
    public func importLines(_ data: Data) async throws -> [Event] {
        let events = try await validate(data)
        return try await store.append(events)
    }

    /// Every event of `data`, checked against the current log; throws for the first bad line.
    public func validate(_ data: Data) async throws -> [Event] {
        var (board, _) = try await ReplayService(store: store).fold()
        var events: [Event] = []
        var seen = Set<UUID>()
        var previousSeq: Int64 = 0
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) { continue }
            let event: Event
            do {
                event = try EventCodec.decode(line)
            } catch {
                throw StoreError.invalidImport(line: lineNumber, detail: "not a valid event (\(error.description))")
            }
            if let problem = Self.problem(with: event, board: board, seen: seen, previousSeq: previousSeq) {
                throw StoreError.invalidImport(line: lineNumber, detail: problem)
            }
            seen.insert(event.id)
            if event.seq > 0 { previousSeq = event.seq }
            board.apply(event.sequenced(0))
            events.append(event.sequenced(0))
        }
        let existing = try await duplicates(of: events)
        if let index = events.firstIndex(where: { existing.contains($0.id) }) {
            throw StoreError.invalidImport(line: lineOf(index, in: data), detail: "event \(events[index].id.wire) is already in the log")
        }
        return events
    }

    private static func problem(with event: Event, board: TaskBoard, seen: Set<UUID>, previousSeq: Int64) -> String? {
        guard event.type.isTaskEvent, let task = event.payload.task else { return "\(event.type.rawValue) is not a task event" }
        if seen.contains(event.id) { return "event \(event.id.wire) appears twice" }
        if event.seq > 0, event.seq <= previousSeq { return "seq \(event.seq) is not after the previous line's \(previousSeq)" }
        let exists = board[task.id] != nil
        if event.type == .taskCreated, exists { return "task \(task.id.wire) is created but already exists" }
        if event.type != .taskCreated, !exists { return "\(event.type.rawValue) for task \(task.id.wire), which does not exist" }
        if case .taskDependencyAdded(let added) = event.payload, board[added.dependsOn] == nil {
            return "dependency on task \(added.dependsOn.wire), which does not exist"
        }
        return nil
    }

    /// Ids of `events` already stored (read once, through the store's own reads).
    private func duplicates(of events: [Event]) async throws -> Set<UUID> {
        guard !events.isEmpty, try await store.lastSeq() > 0 else { return [] }
        let wanted = Set(events.map(\.id))
        var found = Set<UUID>()
        try await ReplayService(store: store).replayPages { page in
            for event in page where wanted.contains(event.id) { found.insert(event.id) }
        }
        return found
    }

    private func lineOf(_ index: Int, in data: Data) -> Int {
        var count = -1
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) { count += 1 }
            if count == index { return lineNumber }
        }
        return lineNumber
    }
}
