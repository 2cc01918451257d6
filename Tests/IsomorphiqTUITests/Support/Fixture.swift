import Foundation
import Synchronization
import IsomorphiqCore
@testable import IsomorphiqTUI
import IsomorphiqSource

/// Deterministic boards, events and states for the tests: fixed ids, fixed times, UTC.
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-29T...Z
    static let utc = TimeZone(identifier: "UTC")!

    static func id(_ n: Int) -> TaskID {
        UUID(uuidString: String(format: "%08x-0000-4000-8000-000000000000", n))!
    }

    static func task(_ n: Int, _ title: String, status: TaskStatus = .todo, priority: TaskPriority = .medium, by user: String = "alice",
                     assignee: String? = nil, tags: Set<String> = [], deps: [Int] = [], due: Date? = nil, version: Int = 1) -> TaskItem {
        TaskItem(id: id(n), title: title, status: status, priority: priority, createdBy: user, assignedTo: assignee,
                 dependencies: Set(deps.map(id)), tags: tags, due: due, createdAt: t0.addingTimeInterval(Double(n)), version: version)
    }

    /// Six tasks: mixed statuses and priorities, one blocked, one with a wide-character title.
    static func board() -> TaskBoard {
        TaskBoard(tasks: [
            task(1, "Write the design doc", status: .done, priority: .high, assignee: "alice", tags: ["docs"]),
            task(2, "Build the event bus", status: .inProgress, priority: .high, assignee: "bob", tags: ["core"], deps: [1]),
            task(3, "Terminal UI", priority: .medium, assignee: "alice", tags: ["ui", "tui"], deps: [2], due: t0.addingTimeInterval(86_400 * 3)),
            task(4, "日本語のタスク 🎉 wide", priority: .low, tags: ["i18n"]),
            task(5, "Fix flaky test", status: .invalid, priority: .low, by: "bob"),
            task(6, "Release 0.1", priority: .high, deps: [3, 4]),
        ], lastSeq: 6)
    }

    static func status(user: String = "alice") -> StatusInfo {
        StatusInfo(serverURL: "http://127.0.0.1:3002", serverNote: "token: isomorphiq-tui token", user: user, dataDirectory: "/tmp/data")
    }

    static func state(_ size: TerminalSize = TerminalSize(width: 80, height: 24), board: TaskBoard = board(), user: String = "alice") -> AppState {
        AppState(board: board, status: status(user: user), size: size, now: t0.addingTimeInterval(600), timeZone: utc)
    }

    static func factory(at time: Date = t0.addingTimeInterval(700)) -> EventFactory {
        let counter = Counter()
        return EventFactory(now: { time }, makeID: { UUID(uuidString: String(format: "eeeeeeee-0000-4000-8000-%012x", counter.next()))! })
    }

    /// An event as if it came from the bus, with `seq`.
    static func event(_ make: (EventFactory, EventContext) -> Event, seq: Int64, user: String = "bob") -> Event {
        make(factory(), EventContext(userId: user, source: "rest")).sequenced(seq)
    }

    static func statusChange(_ task: TaskItem, to status: TaskStatus, seq: Int64, user: String = "bob") -> Event {
        var after = task
        after.status = status
        after.version += 1
        return event({ f, c in f.taskStatusChanged(after, from: task.status, context: c) }, seq: seq, user: user)
    }
}

final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int {
        value.add(1, ordering: .relaxed).newValue
    }
}

extension AppState {
    /// Sends keys one by one and collects every effect.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { update(&self, .key($0)) }
    }

    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { update(&self, .key(.char($0))) }
    }

    var screen: String { render(self, size: size).text }
}

extension Effect {
    var sentCommands: [TaskCommand]? {
        if case .send(_, let commands) = self { return commands }
        return nil
    }
    var requestID: Int? {
        if case .send(let id, _) = self { return id }
        return nil
    }
}
