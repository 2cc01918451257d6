import IsomorphiqCore
import Testing

@Suite("Dependencies")
struct DependencyRulesTests {
    @Test func cycleIsRefusedAndNamed() async throws {
        let (service, _, store) = Fixtures.service()
        let a = try await service.create("A")
        let b = try await service.create("B")
        let c = try await service.create("C")
        try await service.handle(TaskCommand(.addDependency(a.id, dependsOn: b.id)), as: Fixtures.alice)
        try await service.handle(TaskCommand(.addDependency(b.id, dependsOn: c.id)), as: Fixtures.alice)
        let before = try await store.lastSeq()
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.addDependency(c.id, dependsOn: a.id)), as: Fixtures.alice)
        }
        #expect(error?.code == .validation)
        #expect(error?.message.contains("#\(c.shortID) → #\(a.shortID) → #\(b.shortID) → #\(c.shortID)") == true)
        #expect(try await store.lastSeq() == before)
    }

    @Test func directCycleIsRefused() async throws {
        let (service, _, _) = Fixtures.service()
        let a = try await service.create("A")
        let b = try await service.create("B")
        try await service.handle(TaskCommand(.addDependency(a.id, dependsOn: b.id)), as: Fixtures.alice)
        await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.addDependency(b.id, dependsOn: a.id)), as: Fixtures.alice)
        }
    }

    @Test func selfAndMissingDependenciesAreRefused() async throws {
        let (service, _, _) = Fixtures.service()
        let a = try await service.create("A")
        let selfError = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.addDependency(a.id, dependsOn: a.id)), as: Fixtures.alice)
        }
        #expect(selfError?.message.contains("itself") == true)
        let missing = await #expect(throws: TaskServiceError.self) {
            try await service.create("B") { $0.dependencies = [Fixtures.uuid(4242)] }
        }
        #expect(missing?.message.contains("does not exist") == true)
    }

    @Test func cycleWithinOneBatchIsRefused() async throws {
        let (service, _, _) = Fixtures.service()
        let a = try await service.create("A")
        let b = try await service.create("B")
        await #expect(throws: TaskServiceError.self) {
            try await service.handle(
                [TaskCommand(.addDependency(a.id, dependsOn: b.id)), TaskCommand(.addDependency(b.id, dependsOn: a.id))], as: Fixtures.alice)
        }
        #expect(service.board[a.id]?.dependencies.isEmpty == true)
    }

    @Test func blockedIsDerivedFromDependencyStatus() async throws {
        let (service, _, _) = Fixtures.service()
        let dependency = try await service.create("first")
        let task = try await service.create("second") { $0.dependencies = [dependency.id] }
        #expect(service.board.isBlocked(task.id))
        #expect(service.board.available.map(\.id) == [dependency.id])
        try await service.handle(TaskCommand(.setStatus(dependency.id, .done)), as: Fixtures.alice)
        #expect(!service.board.isBlocked(task.id))
        try await service.handle(TaskCommand(.setStatus(dependency.id, .todo)), as: Fixtures.alice)
        try await service.handle(TaskCommand(.setStatus(dependency.id, .invalid)), as: Fixtures.alice)
        #expect(!service.board.isBlocked(task.id))
    }

    @Test func deletingATaskOthersDependOnFirstRemovesTheirEdgesInTheSameCommit() async throws {
        let (service, bus, store) = Fixtures.service()
        let base = try await service.create("alice's base")
        // Bob, who may not touch alice's task, makes his own depend on it: it must not block her delete.
        let bobs = try await service.create("bob's user of base", as: Fixtures.bob) { $0.dependencies = [base.id] }
        let carols = try await service.create("carol's user of base", as: Fixtures.carol) { $0.dependencies = [base.id] }
        let events = try await service.handle([TaskCommand(.delete(base.id))], as: Fixtures.alice)
        #expect(events.map(\.type) == [.taskDependencyRemoved, .taskDependencyRemoved, .taskDeleted])
        #expect(Set(events.prefix(2).compactMap(\.taskID)) == [bobs.id, carols.id])
        #expect(events.allSatisfy { $0.metadata.userId == "alice" && $0.metadata.correlationId == events[0].id })
        #expect(bus.board[base.id] == nil)
        #expect(bus.board[bobs.id]?.dependencies.isEmpty == true)
        #expect(bus.board[bobs.id]?.version == 2)
        #expect(bus.board.dependentTasks(of: base.id).isEmpty)
        #expect(TaskBoard.fold(try await store.read(EventQuery())) == bus.board)
    }

    @Test func aStrangerStillCannotDeleteATaskByDependingOnIt() async throws {
        let (service, bus, store) = Fixtures.service()
        let base = try await service.create("alice's base")
        _ = try await service.create("bob's", as: Fixtures.bob) { $0.dependencies = [base.id] }
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.delete(base.id)), as: Fixtures.bob)
        }
        #expect(error?.code == .forbidden)
        #expect(bus.board[base.id] != nil)
        #expect(try await store.lastSeq() == 2)
    }
}
