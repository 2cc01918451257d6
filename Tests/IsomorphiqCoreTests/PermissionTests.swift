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

    @Test func aCollaboratorCannotDeleteByAssigningThemselfInTheSameBatch() async throws {
        let (service, bus, store) = Fixtures.service()
        let task = try await service.create("t") { $0.collaborators = ["carol"] }
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle([TaskCommand(.assign(task.id, "carol")), TaskCommand(.delete(task.id))], as: Fixtures.carol)
        }
        #expect(error?.code == .forbidden)
        #expect(bus.board[task.id]?.version == 1)
        #expect(try await store.lastSeq() == 1)
    }

    @Test func aCollaboratorCannotMakeThemselfTheAssignee() async throws {
        let (service, bus, _) = Fixtures.service()
        let task = try await service.create("t") { $0.collaborators = ["carol"] }
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.assign(task.id, "carol")), as: Fixtures.carol)
        }
        #expect(error?.code == .forbidden)
        #expect(error?.message.contains("assignee") == true)
        #expect(bus.board[task.id]?.assignedTo == nil)
        // The assignee may hand the task on; the creator may reassign it.
        try await service.handle(TaskCommand(.assign(task.id, "bob")), as: Fixtures.alice)
        try await service.handle(TaskCommand(.assign(task.id, "dave")), as: Fixtures.bob)
        #expect(bus.board[task.id]?.assignedTo == "dave")
    }

    @Test func aBatchIsAuthorisedAgainstTheTasksAsTheyWereBeforeIt() async throws {
        let (service, bus, _) = Fixtures.service()
        let task = try await service.create("t") { $0.assignedTo = "bob" }
        // Bob hands the task to dave and, in the same batch, still sets the status he was entitled to set.
        let events = try await service.handle(
            [TaskCommand(.assign(task.id, "dave")), TaskCommand(.setStatus(task.id, .inProgress))], as: Fixtures.bob)
        #expect(events.map(\.type) == [.taskAssigned, .taskStatusChanged])
        #expect(bus.board[task.id]?.status == .inProgress)
        // A task created in the batch is checked as it is in the batch: its creator may go on editing it.
        let created = try await service.handle(
            [TaskCommand(.create(NewTask(id: Fixtures.uuid(900), title: "new"))), TaskCommand(.setPriority(Fixtures.uuid(900), .high))],
            as: Fixtures.carol)
        #expect(created.count == 2)
    }
}
