import Foundation
import IsomorphiqCore
@testable import IsomorphiqServer
import Testing

@Suite("Critical path")
struct CriticalPathTests {
    static let epoch = Date(timeIntervalSince1970: 1_796_000_000)

    static func id(_ n: Int) -> TaskID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
    }

    static func task(_ n: Int, dependsOn dependencies: [Int] = [], priority: TaskPriority = .medium, status: TaskStatus = .todo) -> TaskItem {
        TaskItem(
            id: id(n), title: "t\(n)", status: status, priority: priority, createdBy: "alice",
            dependencies: Set(dependencies.map(id)), createdAt: epoch.addingTimeInterval(Double(n)))
    }

    /// The straightforward recursive definition, for small boards: the longest open chain ending at
    /// each task, dependencies in id order, first longest wins; then the first longest over the
    /// open tasks in priority-then-age order.
    static func reference(_ board: TaskBoard) -> [TaskID] {
        var memo: [TaskID: [TaskID]] = [:]
        func chain(_ id: TaskID) -> [TaskID] {
            if let known = memo[id] { return known }
            guard let task = board[id], !task.status.isSettled else { return [] }
            var best: [TaskID] = []
            for dependency in task.dependencies.sorted(by: { $0.wire < $1.wire }) {
                let candidate = chain(dependency)
                if candidate.count > best.count { best = candidate }
            }
            memo[id] = best + [id]
            return best + [id]
        }
        var longest: [TaskID] = []
        for task in board.tasks.values.filter({ !$0.status.isSettled }).sorted(by: { ($0.priority, $1.createdAt) > ($1.priority, $0.createdAt) }) {
            let candidate = chain(task.id)
            if candidate.count > longest.count { longest = candidate }
        }
        return longest
    }

    @Test func aChainOfAHundredThousandTasksComesBackWholeAndInOrder() {
        let count = 100_000
        let board = TaskBoard(tasks: (1...count).map { n in Self.task(n, dependsOn: n > 1 ? [n - 1] : []) }, lastSeq: Int64(count))
        let path = CriticalPath.of(board)
        #expect(path.count == count)
        #expect(path.first?.id == Self.id(1))
        #expect(path.last?.id == Self.id(count))
        #expect(zip(path, path.dropFirst()).allSatisfy { $1.dependencies.contains($0.id) })
    }

    @Test func settledTasksBreakChainsAndTiesGoToPriorityThenAge() {
        // 1 ← 2 ← 3 is broken by 2 being done; 4 ← 5 and 6 ← 7 are equally long, 7 is high priority.
        let board = TaskBoard(tasks: [
            Self.task(1), Self.task(2, dependsOn: [1], status: .done), Self.task(3, dependsOn: [2]),
            Self.task(4), Self.task(5, dependsOn: [4]),
            Self.task(6), Self.task(7, dependsOn: [6], priority: .high),
        ], lastSeq: 7)
        #expect(CriticalPath.of(board).map(\.id) == [Self.id(6), Self.id(7)])
        let samePriority = TaskBoard(tasks: [Self.task(4), Self.task(5, dependsOn: [4]), Self.task(6), Self.task(7, dependsOn: [6])], lastSeq: 4)
        #expect(CriticalPath.of(samePriority).map(\.id) == [Self.id(4), Self.id(5)], "the older chain end wins a tie")
        #expect(CriticalPath.of(TaskBoard()).isEmpty)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func randomBoardsAgreeWithTheRecursiveDefinition(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        let count = Int.random(in: 1...60, using: &rng)
        var tasks: [TaskItem] = []
        for n in 1...count {
            // Edges only to lower numbers: a DAG, as the service keeps it.
            let dependencies = n == 1 ? [] : (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int.random(in: 1..<n, using: &rng) }
            tasks.append(Self.task(
                n, dependsOn: dependencies, priority: TaskPriority.allCases.randomElement(using: &rng)!,
                status: Int.random(in: 0..<5, using: &rng) == 0 ? .done : .todo))
        }
        let board = TaskBoard(tasks: tasks, lastSeq: Int64(count))
        #expect(CriticalPath.of(board).map(\.id) == Self.reference(board))
    }

    @Test func concurrentRequestsForOneBoardShareOneResult() async {
        let board = TaskBoard(tasks: (1...2000).map { n in Self.task(n, dependsOn: n > 1 ? [n - 1] : []) }, lastSeq: 2000)
        let cache = CriticalPathCache()
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { await cache.path(of: board).count } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == [2000, 2000, 2000, 2000])
    }
}
