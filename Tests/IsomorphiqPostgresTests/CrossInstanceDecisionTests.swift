import Foundation
import IsomorphiqCore
import IsomorphiqPostgres
import IsomorphiqStore
import Synchronization
import Testing

/// Several buses on one shared log, as several `serve` instances have: every decision is made
/// against every event committed before it, whichever instance committed it.
@Suite("PostgreSQL: decisions across instances", .enabled(if: PostgresTestDatabase.available), .timeLimit(.minutes(2)))
struct CrossInstanceDecisionTests {
    struct Instance {
        let bus: EventBus
        let service: TaskService
        let follower: Task<Void, Never>
    }

    static let alice = EventContext(userId: "alice", source: "test")

    static func instances(_ stores: [PostgresEventStore]) -> [Instance] {
        stores.map { store in
            let bus = EventBus(store: store)
            let service = TaskService(bus: bus, decider: TaskDecider(policy: PermissionPolicy(admins: ["alice"])))
            return Instance(bus: bus, service: service, follower: Task { await bus.followSharedStore() })
        }
    }

    @Test("A→B on one instance and B→A on another at the same moment: one succeeds, one is refused as a cycle")
    func cycleRace() async throws {
        try await withSharedLog(instances: 2) { (stores: [PostgresEventStore]) async throws in
            let nodes = Self.instances(stores)
            defer { for node in nodes { node.follower.cancel() } }
            for round in 0..<10 {
                let a = try #require(try await nodes[0].service.handle(TaskCommand(.create(NewTask(title: "A\(round)"))), as: Self.alice)?.taskID)
                let b = try #require(try await nodes[0].service.handle(TaskCommand(.create(NewTask(title: "B\(round)"))), as: Self.alice)?.taskID)
                async let first = Result(catching: { try await nodes[0].service.handle(TaskCommand(.addDependency(a, dependsOn: b)), as: Self.alice) })
                async let second = Result(catching: { try await nodes[1].service.handle(TaskCommand(.addDependency(b, dependsOn: a)), as: Self.alice) })
                let results = await [first, second]
                let successes = results.filter { if case .success = $0 { true } else { false } }
                #expect(successes.count == 1, "round \(round): \(results)")
                let refusals = results.compactMap { result -> TaskServiceError? in
                    if case .failure(let error) = result { return error as? TaskServiceError }
                    return nil
                }
                #expect(refusals.count == 1 && refusals[0].code == .validation && refusals[0].message.contains("cycle"), "\(refusals)")
            }
        }
    }

    @Test("a cycle closed by two edges between four different tasks, drawn on two instances at once: one succeeds")
    func longCycleRace() async throws {
        try await withSharedLog(instances: 2) { (stores: [PostgresEventStore]) async throws in
            let nodes = Self.instances(stores)
            defer { for node in nodes { node.follower.cancel() } }
            for round in 0..<10 {
                var ids: [TaskID] = []
                for name in ["x", "y", "u", "v"] {
                    ids.append(try #require(try await nodes[0].service.handle(TaskCommand(.create(NewTask(title: "\(name)\(round)"))), as: Self.alice)?.taskID))
                }
                let (x, y, u, v) = (ids[0], ids[1], ids[2], ids[3])
                // y depends on u and v on x; then x→y and u→v would close x→y→u→v→x. The two
                // new edges name four different tasks, so only what the cycle check walked shows it.
                try await nodes[0].service.handle([TaskCommand(.addDependency(y, dependsOn: u)), TaskCommand(.addDependency(v, dependsOn: x))], as: Self.alice)
                async let first = Result(catching: { try await nodes[0].service.handle(TaskCommand(.addDependency(x, dependsOn: y)), as: Self.alice) })
                async let second = Result(catching: { try await nodes[1].service.handle(TaskCommand(.addDependency(u, dependsOn: v)), as: Self.alice) })
                let results = await [first, second]
                let successes = results.filter { if case .success = $0 { true } else { false } }
                #expect(successes.count == 1, "round \(round): \(results)")
            }
            // Every instance's board is the log's.
            let log = TaskBoard.fold(try await stores[0].read(EventQuery()))
            #expect(await eventually { nodes.allSatisfy { $0.bus.board == log } })
        }
    }

    @Test("creations on three instances at once are never decided again: nothing they read can change")
    func creationsDoNotConflict() async throws {
        try await withSharedLog(instances: 3) { (stores: [PostgresEventStore]) async throws in
            let nodes = Self.instances(stores)
            defer { for node in nodes { node.follower.cancel() } }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, node) in nodes.enumerated() {
                    for writer in 0..<8 {
                        group.addTask {
                            for n in 0..<25 {
                                _ = try await node.service.handle(TaskCommand(.create(NewTask(title: "n\(index)-\(writer)-\(n)"))), as: Self.alice)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(nodes.map { $0.bus.metricsSnapshot().conflicts } == [0, 0, 0])
            #expect(try await stores[0].read(EventQuery()).map(\.seq) == Array(1...600))
            #expect(await eventually { nodes.allSatisfy { $0.bus.board.count == 600 } })
            #expect(nodes.allSatisfy { $0.bus.board == nodes[0].bus.board })
        }
    }

    @Test("two edits at the same version on two instances: one succeeds, one is a 409 conflict")
    func versionRace() async throws {
        try await withSharedLog(instances: 2) { (stores: [PostgresEventStore]) async throws in
            let nodes = Self.instances(stores)
            defer { for node in nodes { node.follower.cancel() } }
            let task = try #require(try await nodes[0].service.handle(TaskCommand(.create(NewTask(title: "shared"))), as: Self.alice)?.payload.task)
            for round in 0..<10 {
                let version = task.version + round
                async let first = Result {
                    try await nodes[0].service.handle(TaskCommand(.update(task.id, TaskPatch(title: "one \(round)")), expectedVersion: version), as: Self.alice)
                }
                async let second = Result {
                    try await nodes[1].service.handle(TaskCommand(.update(task.id, TaskPatch(title: "two \(round)")), expectedVersion: version), as: Self.alice)
                }
                let results = await [first, second]
                let conflicts = results.filter { if case .failure(let error) = $0 { (error as? TaskServiceError)?.code == .conflict } else { false } }
                #expect(conflicts.count == 1, "round \(round): \(results)")
            }
        }
    }

    @Test("a task created on one instance can be changed on another at once, even before it has heard of it")
    func noStaleRefusal() async throws {
        try await withSharedLog(instances: 2) { (stores: [PostgresEventStore]) async throws in
            let nodes = Self.instances(stores)
            defer { for node in nodes { node.follower.cancel() } }
            for round in 0..<20 {
                let id = try #require(try await nodes[0].service.handle(TaskCommand(.create(NewTask(title: "fresh \(round)"))), as: Self.alice)?.taskID)
                let changed = try await nodes[1].service.handle(TaskCommand(.setStatus(id, .inProgress)), as: Self.alice)
                #expect(changed?.payload.task?.status == .inProgress)
            }
        }
    }

    @Test("writers on three instances: every instance's subscribers get the same events in the same order, and the boards agree")
    func oneOrderEverywhere() async throws {
        try await withSharedLog(instances: 3) { (stores: [PostgresEventStore]) async throws in
            let nodes = Self.instances(stores)
            defer { for node in nodes { node.follower.cancel() } }
            let subscriptions = try nodes.map { try $0.bus.subscribe(.taskEvents, name: "order", bufferSize: 10_000, policy: .end) }
            let perNode = 60
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, node) in nodes.enumerated() {
                    group.addTask {
                        for n in 0..<perNode {
                            _ = try await node.service.handle(TaskCommand(.create(NewTask(title: "n\(index)-\(n)"))), as: Self.alice)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let total = perNode * nodes.count
            var orders: [[Int64]] = []
            for subscription in subscriptions {
                var seqs: [Int64] = []
                for await event in subscription {
                    seqs.append(event.seq)
                    if seqs.count == total { break }
                }
                orders.append(seqs)
            }
            #expect(orders[0] == Array(1...Int64(total)))
            #expect(orders.allSatisfy { $0 == orders[0] })
            #expect(nodes.allSatisfy { $0.bus.board == nodes[0].bus.board })
            #expect(nodes[0].bus.board.count == total)
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
