import Foundation
import IsomorphiqCore

/// One event of every type, fully pinned (ids, times, actors), for golden and round-trip tests.
enum SampleEvents {
    /// A `task_assigned` event as schema version 1 wrote it (`assignee`, `previousAssignee`).
    static let schemaOneTaskAssigned = """
        {"id":"00000000-0000-4000-8000-000000000100","type":"task_assigned","timestamp":"2026-11-29T10:00:00.000Z","seq":7,
         "data":{"taskId":"00000000-0000-4000-8000-000000000001","assignee":"bob","previousAssignee":"carol",
                 "task":{"id":"00000000-0000-4000-8000-000000000001","title":"t","status":"todo","priority":"low",
                         "createdBy":"alice","assignedTo":"bob","createdAt":"2026-11-29T09:00:00Z"}},
         "metadata":{"userId":"alice","source":"rest","schemaVersion":1}}
        """

    static let context = EventContext(
        userId: "alice", sessionId: "session-1", source: "tui", correlationId: Fixtures.uuid(900), causationId: Fixtures.uuid(901))

    static var task: TaskItem {
        TaskItem(
            id: Fixtures.uuid(1), title: "Write the report", description: "Quarterly numbers", status: .inProgress, priority: .high,
            createdBy: "alice", assignedTo: "bob", collaborators: ["carol", "bob"], watchers: ["dave"], dependencies: [Fixtures.uuid(2)],
            tags: ["work", "q4"], due: Fixtures.epoch.addingTimeInterval(86_400), createdAt: Fixtures.epoch,
            updatedAt: Fixtures.epoch.addingTimeInterval(60), version: 3)
    }

    static var all: [Event] {
        let factory = EventFactory(now: { Fixtures.epoch.addingTimeInterval(120.5) }, makeID: { Fixtures.uuid(100) })
        let presence = ClientPresence(connectionId: "conn-7", user: "bob", program: "browser", address: "127.0.0.1:50312", at: Fixtures.epoch)
        return [
            factory.taskCreated(task, context: context),
            factory.taskUpdated(task, changes: ["title": FieldChange(old: .string("Draft"), new: .string("Write the report"))], context: context),
            factory.taskDeleted(task, context: context),
            factory.taskStatusChanged(task, from: .todo, context: context),
            factory.taskPriorityChanged(task, from: .medium, context: context),
            factory.taskAssigned(task, from: nil, context: context),
            factory.taskCollaboratorsUpdated(task, added: ["carol"], removed: ["erin"], context: context),
            factory.taskWatchersUpdated(task, added: ["dave"], removed: [], context: context),
            factory.taskDependencyAdded(task, dependsOn: Fixtures.uuid(2), context: context),
            factory.taskDependencyRemoved(task, removed: Fixtures.uuid(3), context: context),
            factory.clientConnected(presence),
            factory.clientDisconnected(presence),
            factory.systemStarted(SystemNotice(version: "0.1.0", message: "started")),
            factory.systemShutdown(SystemNotice(version: "0.1.0")),
        ].map { $0.sequenced(42) }
    }
}
