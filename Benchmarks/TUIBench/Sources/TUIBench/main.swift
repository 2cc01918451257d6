import Foundation
import IsomorphiqCore
import IsomorphiqTUI
import Logging

/// Unbuffered output, so partial results survive an interrupted run.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// The budget lines of DESIGN.md this benchmark measures, by the name of its summary.
let budgets: [String: (what: String, limitMilliseconds: Double, budget: String)] = [
    "keystroke frame: update + render + diff": ("TUI frame (update + render + diff) at 200x60, 100,000 tasks", 5, "< 5 ms"),
    "commit → frame drawn (in-process, fake tty)": ("a change committed → the frame that shows it", 20, "< 20 ms"),
]

/// Percentiles of durations in milliseconds; a `BUDGET` line for the median when it is a budget line.
func summary(_ name: String, _ samples: [Double]) {
    let sorted = samples.sorted()
    func p(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
    say(String(format: "%-44@ n=%5d  median %7.3f ms  p90 %7.3f ms  p99 %7.3f ms  max %7.3f ms", name as NSString, sorted.count, p(0.5), p(0.9), p(0.99), sorted.last!))
    if let budget = budgets[name] {
        say(String(format: "BUDGET | %@ | %@ | median %.2f ms, p99 %.2f ms | %@", budget.what, budget.budget, p(0.5), p(0.99), p(0.5) < budget.limitMilliseconds ? "yes" : "no"))
    }
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

let clock = ContinuousClock()
let taskCount = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 100_000
/// TUIBENCH_QUICK=1 (scale curves): 200 frames of each kind instead of 2,000, and no commit → frame run.
let quick = ProcessInfo.processInfo.environment["TUIBENCH_QUICK"] != nil
let iterations = quick ? 200 : 2_000
let size = TerminalSize(width: 200, height: 60)
let start = Date()
let tags = ["ui", "core", "docs", "bug", "perf"]
let users = ["alice", "bob", "carol", "dave"]
let tasks = (0..<taskCount).map { n in
    TaskItem(title: "Task number \(n) with a reasonably long title", status: TaskStatus.allCases[n % 4], priority: TaskPriority.allCases[n % 3],
             createdBy: users[n % 4], assignedTo: users[(n + 1) % 4], tags: [tags[n % 5]], createdAt: start.addingTimeInterval(Double(n)))
}
let board = TaskBoard(tasks: tasks, lastSeq: Int64(taskCount))
let built = clock.measure {
    _ = AppState(board: board, status: StatusInfo(user: "alice"), size: size)
}
say("tasks: \(taskCount), terminal \(size)")
say(String(format: "initial filter + sort of the list: %.1f ms", milliseconds(built)))

// 0. Filter: the task list rebuilt for a typed query (filter every task, sort the matches).
for text in ["status:todo +ui", "number 7"] {
    let query = try TaskQuery.parse(text)
    var list = TaskList()
    list.query = query
    var samples: [Double] = []
    for _ in 0..<(taskCount >= 1_000_000 ? 3 : 7) {
        samples.append(milliseconds(clock.measure { list.rebuild(from: board, user: "alice") }))
    }
    summary("filter rebuild '\(text)' (\(list.count) rows)", samples)
}

// 1. A keystroke's frame: update (cursor down) + render + diff.
var state = AppState(board: board, status: StatusInfo(user: "alice"), size: size)
var previous = render(state, size: size)
var keyFrames: [Double] = []
var renders: [Double] = []
var diffs: [Double] = []
for _ in 0..<iterations {
    var frame = previous
    let total = clock.measure {
        _ = update(&state, .key(.down))
        let r = clock.measure { frame = render(state, size: size) }
        let d = clock.measure { _ = ScreenDiff.runs(from: previous, to: frame) }
        renders.append(milliseconds(r))
        diffs.append(milliseconds(d))
    }
    keyFrames.append(milliseconds(total))
    previous = frame
}
summary("render (200x60)", renders)
summary("diff (200x60)", diffs)
summary("keystroke frame: update + render + diff", keyFrames)

// 2. A remote change's frame: the event moves a row in the 100k list + render + diff.
let factory = EventFactory()
let context = EventContext(userId: "bob", source: "rest")
var eventFrames: [Double] = []
var seq = Int64(taskCount)
for n in 0..<iterations {
    var task = state.board[tasks[(n * 7919) % taskCount].id]!
    let old = task.priority
    task.priority = TaskPriority.allCases[(TaskPriority.allCases.firstIndex(of: old)! + 1) % 3]
    task.version += 1
    seq += 1
    let event = factory.taskPriorityChanged(task, from: old, context: context).sequenced(seq)
    var frame = previous
    let total = clock.measure {
        _ = update(&state, .event(event))
        frame = render(state, size: size)
        _ = ScreenDiff.runs(from: previous, to: frame)
    }
    eventFrames.append(milliseconds(total))
    previous = frame
}
summary("remote event frame: update + render + diff", eventFrames)

// 3. Commit to frame: a command through TaskService + EventBus, delivered to the running UI
//    loop (mailbox, poll wake-up), until the fake terminal has drawn the frame showing it.
func commitToFrame(board: TaskBoard, context: EventContext) async throws -> [Double] {
    let clock = ContinuousClock()
    let store = InMemoryEventStore(capacity: 1_000_000)
    // The store starts empty, so the board must say it has folded nothing yet (seq 0).
    let bus = EventBus(store: store, board: TaskBoard(tasks: board.tasks.values, lastSeq: 0))
    let service = TaskService(bus: bus)
    let terminal = FakeTerminal(size: size)
    let source = InProcessTaskSource(service: service, store: store, status: StatusInfo(user: "alice"))
    let mailbox = Mailbox()
    let app = Task {
        try await TerminalApp.run(source: source, options: TerminalOptions(highlightDuration: 0), logger: Logger(label: "bench"), mailbox: mailbox) { terminal }
    }
    var frames = terminal.frames.makeAsyncIterator()
    while let text = await frames.next(), !text.contains("Tasks (") {}
    let top = bus.board.tasks.values.sorted { ($0.priority, $1.createdAt) > ($1.priority, $0.createdAt) }.first!
    var latencies: [Double] = []
    var commits: [Double] = []
    for n in 0..<300 {
        let title = "Renamed \(n)"
        let began = clock.now
        try await service.handle(TaskCommand(.update(top.id, TaskPatch(title: title))), as: EventContext(userId: top.createdBy, source: "rest"))
        commits.append(milliseconds(clock.now - began))
        while let text = await frames.next(), !text.contains(title) {}
        latencies.append(milliseconds(clock.now - began))
    }
    summary("  of which TaskService.handle (commit) returned", commits)

    // The UI's own share: an event posted to the mailbox (as the bus subscription does) until
    // the frame showing it is drawn: wake-up, update, render, diff, draw.
    var pipeline: [Double] = []
    var task = service.board[top.id]!
    for n in 0..<300 {
        task.title = "Posted \(n)"
        task.version += 1
        let event = EventFactory().taskUpdated(task, changes: ["title": FieldChange(old: .null, new: .string(task.title))], context: context)
            .sequenced(1_000_000 + Int64(n))
        let began = clock.now
        mailbox.post(.event(event))
        while let text = await frames.next(), !text.contains(task.title) {}
        pipeline.append(milliseconds(clock.now - began))
    }
    summary("event in mailbox → frame drawn (UI only)", pipeline)
    mailbox.post(.quit)
    try await app.value
    return latencies
}
if !quick {
    summary("commit → frame drawn (in-process, fake tty)", try await commitToFrame(board: board, context: context))
}
