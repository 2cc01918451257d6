import Foundation
import IsomorphiqCore
import Testing

/// Invariant 1 of DESIGN.md: folding every stored event from empty gives exactly the live board.
@Suite("Fold invariant")
struct FoldInvariantTests {
    /// Seeded, so that a failure reproduces from its seed.
    typealias Generator = SplitMix64

    static let actors = [Fixtures.alice, Fixtures.bob, Fixtures.carol, Fixtures.root]
    static let users = ["alice", "bob", "carol", "dave"]

    static func randomCommand(on board: TaskBoard, using rng: inout Generator) -> TaskCommand {
        let ids = Array(board.tasks.keys).sorted { $0.uuidString < $1.uuidString }
        guard let id = ids.randomElement(using: &rng), Int.random(in: 0..<10, using: &rng) > 0 else {
            return TaskCommand(.create(NewTask(title: "task \(Int.random(in: 0..<1000, using: &rng))", priority: TaskPriority.allCases.randomElement(using: &rng)!,
                assignedTo: users.randomElement(using: &rng))))
        }
        let other = ids.randomElement(using: &rng)!
        let user = users.randomElement(using: &rng)!
        let version = Bool.random(using: &rng) ? nil : board[id]!.version + Int.random(in: -1...0, using: &rng)
        let action: TaskAction = switch Int.random(in: 0..<10, using: &rng) {
        case 0: .update(id, TaskPatch(title: Bool.random(using: &rng) ? "renamed \(Int.random(in: 0..<5, using: &rng))" : "", tags: ["t\(Int.random(in: 0..<3, using: &rng))"]))
        case 1: .setStatus(id, TaskStatus.allCases.randomElement(using: &rng)!)
        case 2: .setPriority(id, TaskPriority.allCases.randomElement(using: &rng)!)
        case 3: .assign(id, Bool.random(using: &rng) ? user : nil)
        case 4: .updateCollaborators(id, add: [user], remove: [])
        case 5: .updateWatchers(id, add: Bool.random(using: &rng) ? [user] : [], remove: Bool.random(using: &rng) ? [] : [user])
        case 6, 7: .addDependency(id, dependsOn: other)
        case 8: .removeDependency(id, dependsOn: other)
        default: .delete(id)
        }
        return TaskCommand(action, expectedVersion: version)
    }

    @Test(arguments: [1, 2, 3])
    func foldOfStoredEventsEqualsTheLiveBoard(seed: UInt64) async throws {
        var rng = Generator(state: seed)
        let (service, bus, store) = Fixtures.service()
        var accepted = 0
        var refused: [TaskServiceError.Code: Int] = [:]
        for _ in 0..<1500 {
            let command = Self.randomCommand(on: bus.board, using: &rng)
            let actor = Self.actors.randomElement(using: &rng)!
            do {
                accepted += try await service.handle([command], as: actor).count
            } catch let error as TaskServiceError {
                refused[error.code, default: 0] += 1
            }
        }
        let events = try await store.read(EventQuery())
        #expect(events.count == accepted)
        #expect(TaskBoard.fold(events) == bus.board)
        #expect(refused[.validation, default: 0] > 0 && refused[.forbidden, default: 0] > 0 && refused[.conflict, default: 0] > 0)
        for task in bus.board.tasks.values {
            #expect(task.version == events.filter { $0.taskID == task.id }.count, "one event per operation, each bumping the version")
            for dependency in task.dependencies { #expect(bus.board[dependency] != nil, "no dangling dependency") }
        }
        let snapshot = try JSONDecoder().decode(TaskBoard.self, from: JSONEncoder().encode(bus.board))
        #expect(snapshot == bus.board)
    }
}
