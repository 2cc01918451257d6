import Foundation
import IsomorphiqCore
import Testing

@Suite("Task service rules")
struct TaskServiceRulesTests {
    @Test func createTrimsTitleAndDefaultsPriority() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("  Write the report  ")
        #expect(task.title == "Write the report")
        #expect(task.priority == .medium)
        #expect(task.status == .todo)
        #expect(task.createdBy == "alice")
        #expect(task.version == 1)
    }

    @Test(arguments: ["", "   ", String(repeating: "x", count: 201), "a\u{1B}[2Jb", "nul\u{0}here", "two\nlines", "tab\there", "c1\u{9B}31m", "del\u{7F}"])
    func badTitlesAreRefused(title: String) async throws {
        let (service, _, store) = Fixtures.service()
        let error = await #expect(throws: TaskServiceError.self) { try await service.create(title) }
        #expect(error?.code == .validation)
        #expect(error?.field == "title")
        #expect(try await store.lastSeq() == 0)
    }

    @Test func titleOfExactly200CharactersIsAccepted() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create(String(repeating: "é", count: 200))
        #expect(task.title.count == 200)
    }

    @Test func overlongDescriptionIsRefused() async throws {
        let (service, _, _) = Fixtures.service()
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.create("t") { $0.description = String(repeating: "d", count: 10_001) }
        }
        #expect(error?.field == "description")
    }

    @Test func descriptionsKeepLineBreaksAndTabsButNoOtherControls() async throws {
        let (service, _, store) = Fixtures.service()
        let task = try await service.create("t") { $0.description = "line one\r\n\tline two" }
        #expect(task.description == "line one\r\n\tline two")
        for bad in ["bell\u{7}", "title\u{1B}]0;owned\u{7}", "nul\u{0}"] {
            let error = await #expect(throws: TaskServiceError.self) { try await service.create("t") { $0.description = bad } }
            #expect(error?.field == "description")
            #expect(error?.message.contains("U+00") == true)
        }
        #expect(try await store.lastSeq() == 1)
    }

    @Test func allowedTransitionsEmitOneStatusEvent() async throws {
        let (service, bus, _) = Fixtures.service()
        let task = try await service.create("t")
        let subscription = try bus.subscribe(.all)
        let event = try await service.handle(TaskCommand(.setStatus(task.id, .inProgress)), as: Fixtures.alice)
        #expect(event?.type == .taskStatusChanged)
        guard case .taskStatusChanged(let payload) = event?.payload else { Issue.record("wrong payload"); return }
        #expect(payload.oldStatus == .todo && payload.newStatus == .inProgress && payload.task.version == 2)
        let delivered = await collect(subscription, count: 1)
        #expect(delivered.map(\.type) == [.taskStatusChanged])
        #expect(bus.board[task.id]?.status == .inProgress)
    }

    @Test func forbiddenTransitionNamesIt() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("t")
        try await service.handle(TaskCommand(.setStatus(task.id, .done)), as: Fixtures.alice)
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.setStatus(task.id, .invalid)), as: Fixtures.alice)
        }
        #expect(error?.code == .validation)
        #expect(error?.message.contains("done to invalid") == true)
    }

    @Test func everyTransitionFollowsTheTable() {
        let allowed: [TaskStatus: Set<TaskStatus>] = [
            .todo: [.inProgress, .done, .invalid], .inProgress: [.done, .todo, .invalid],
            .done: [.todo, .inProgress], .invalid: [.todo, .inProgress],
        ]
        for from in TaskStatus.allCases {
            for to in TaskStatus.allCases where to != from {
                #expect(from.canMove(to: to) == allowed[from]!.contains(to), "\(from) → \(to)")
            }
        }
    }

    @Test func sameValueAgainEmitsNoEvent() async throws {
        let (service, _, store) = Fixtures.service()
        let task = try await service.create("same")
        let before = try await store.lastSeq()
        #expect(try await service.handle(TaskCommand(.setStatus(task.id, .todo)), as: Fixtures.alice) == nil)
        #expect(try await service.handle(TaskCommand(.update(task.id, TaskPatch(title: "same"))), as: Fixtures.alice) == nil)
        #expect(try await service.handle(TaskCommand(.setPriority(task.id, .medium)), as: Fixtures.alice) == nil)
        #expect(try await service.handle(TaskCommand(.assign(task.id, nil)), as: Fixtures.alice) == nil)
        #expect(try await store.lastSeq() == before)
    }

    @Test func updateTracksOldAndNewPerField() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("old title") { $0.tags = ["a"] }
        let event = try await service.handle(
            TaskCommand(.update(task.id, TaskPatch(title: "new title", description: .some("why"), tags: ["a", "b"]))), as: Fixtures.alice)
        guard case .taskUpdated(let payload) = event?.payload else { Issue.record("expected task_updated"); return }
        #expect(payload.changes["title"] == FieldChange(old: .string("old title"), new: .string("new title")))
        #expect(payload.changes["description"] == FieldChange(old: .null, new: .string("why")))
        #expect(payload.changes["tags"] == FieldChange(old: .array([.string("a")]), new: .array([.string("a"), .string("b")])))
        #expect(payload.changes.count == 3)
    }

    @Test func expectedVersionMismatchIsAConflictNamingTheCurrentVersion() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("t")
        try await service.handle(TaskCommand(.setPriority(task.id, .high), expectedVersion: 1), as: Fixtures.alice)
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.setPriority(task.id, .low), expectedVersion: 1), as: Fixtures.alice)
        }
        #expect(error?.code == .conflict)
        #expect(error?.currentVersion == 2)
    }

    @Test func unknownTaskIsNotFound() async throws {
        let (service, _, _) = Fixtures.service()
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle(TaskCommand(.setStatus(Fixtures.uuid(999), .done)), as: Fixtures.alice)
        }
        #expect(error?.code == .notFound)
    }

    @Test func batchIsAtomic() async throws {
        let (service, bus, store) = Fixtures.service()
        let task = try await service.create("t")
        let before = try await store.lastSeq()
        let error = await #expect(throws: TaskServiceError.self) {
            try await service.handle(
                [TaskCommand(.setPriority(task.id, .high)), TaskCommand(.setStatus(task.id, .done)), TaskCommand(.setStatus(task.id, .invalid))],
                as: Fixtures.alice)
        }
        #expect(error?.code == .validation)
        #expect(try await store.lastSeq() == before)
        #expect(bus.board[task.id]?.priority == .medium)

        let events = try await service.handle(
            [TaskCommand(.setPriority(task.id, .high)), TaskCommand(.setStatus(task.id, .done))], as: Fixtures.alice)
        #expect(events.map(\.type) == [.taskPriorityChanged, .taskStatusChanged])
        #expect(events.map(\.seq) == [before + 1, before + 2])
        #expect(Set(events.map(\.metadata.correlationId)).count == 1)
        #expect(bus.board[task.id]?.version == 3)
    }

    @Test func membersAddAndRemove() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("t") { $0.collaborators = ["bob"] }
        let event = try await service.handle(TaskCommand(.updateCollaborators(task.id, add: ["carol"], remove: ["bob"])), as: Fixtures.alice)
        guard case .taskCollaboratorsUpdated(let payload) = event?.payload else { Issue.record("expected collaborators event"); return }
        #expect(payload.added == ["carol"] && payload.removed == ["bob"] && payload.members == ["carol"])
        let watch = try await service.handle(TaskCommand(.updateWatchers(task.id, add: ["dave"], remove: [])), as: Fixtures.alice)
        #expect(watch?.type == .taskWatchersUpdated)
        #expect(watch?.payload.task?.watchers == ["dave"])
    }

    @Test func assignmentRecordsOldAndNewAssignee() async throws {
        let (service, _, _) = Fixtures.service()
        let task = try await service.create("t") { $0.assignedTo = "bob" }
        let event = try await service.handle(TaskCommand(.assign(task.id, "carol")), as: Fixtures.alice)
        guard case .taskAssigned(let payload) = event?.payload else { Issue.record("expected task_assigned"); return }
        #expect(payload.oldAssignee == "bob" && payload.assignedTo == "carol" && payload.updatedBy == "alice")
    }
}
