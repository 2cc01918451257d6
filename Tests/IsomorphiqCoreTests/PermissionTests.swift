import IsomorphiqCore
import Testing

@Suite("Permissions")
struct PermissionTests {
    @Test func strangersMayNotEdit() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("alice's")
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.setStatus(task.id, .done)), as: Fixtures.bob)
        }
        #expect(error?.code == .forbidden)
    }

    @Test func assigneeAndCollaboratorsMayEdit() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("t") {
            $0.assignedTo = "bob"
            $0.collaborators = ["carol"]
        }
        try await service.handle(TaskCommand(.setStatus(task.id, .inProgress)), as: Fixtures.bob)
        try await service.handle(TaskCommand(.setPriority(task.id, .high)), as: Fixtures.carol)
        #expect(service.board[task.id]?.version == 3)
    }

    @Test func collaboratorsMayNotDeleteButAssigneeMay() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("t") {
            $0.assignedTo = "bob"
            $0.collaborators = ["carol"]
        }
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.delete(task.id)), as: Fixtures.carol)
        }
        #expect(error?.code == .forbidden)
        try await service.handle(TaskCommand(.delete(task.id)), as: Fixtures.bob)
        #expect(service.board[task.id] == nil)
    }

    @Test func aWatcherMayOnlyAddOrRemoveItself() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("t")
        try await service.handle(TaskCommand(.updateWatchers(task.id, add: ["bob"], remove: [])), as: Fixtures.bob)
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.updateWatchers(task.id, add: ["carol"], remove: [])), as: Fixtures.bob)
        }
        #expect(error?.code == .forbidden)
        let edit = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.update(task.id, TaskPatch(title: "mine now"))), as: Fixtures.bob)
        }
        #expect(edit?.code == .forbidden)
        try await service.handle(TaskCommand(.updateWatchers(task.id, add: [], remove: ["bob"])), as: Fixtures.bob)
        #expect(service.board[task.id]?.watchers.isEmpty == true)
    }

    @Test func adminMayDoEverything() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("t")
        try await service.handle(TaskCommand(.update(task.id, TaskPatch(title: "by root"))), as: Fixtures.root)
        try await service.handle(TaskCommand(.updateWatchers(task.id, add: ["carol"], remove: [])), as: Fixtures.root)
        try await service.handle(TaskCommand(.delete(task.id)), as: Fixtures.root)
        #expect(service.board.count == 0)
    }
}
