public import Foundation
public import IsomorphiqCore

/// A deterministic source of realistic, mutually consistent task events, for benchmarks, the
/// hidden `events stress-append` command and tests.
///
/// Every event is one the service could have made: it concerns a task that exists, carries the
/// task as it leaves it, and bumps its version. The mix covers every task event type.
public struct SyntheticEvents: Sendable {
    private var board = TaskBoard()
    private var order: [TaskID] = []
    private var random: SplitMix64
    private var clock: Date
    private var millis: Int64
    private let factory: EventFactory
    private let context = EventContext(userId: "bench", source: "cli")
    /// How many tasks to keep alive before updates outnumber creations.
    public var liveTasks: Int

    public init(seed: UInt64 = 42, liveTasks: Int = 1_000, start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        random = SplitMix64(state: seed)
        clock = Timestamp.truncated(start)
        millis = Timestamp.milliseconds(start)
        self.liveTasks = liveTasks
        factory = EventFactory(now: { start }, makeID: { TimeOrderedUUID.make(at: start) })
    }

    /// The next `count` events.
    public mutating func next(_ count: Int) -> [Event] {
        (0..<count).map { _ in next() }
    }

    /// The next event.
    public mutating func next() -> Event {
        millis += 1
        clock = Timestamp.truncated(Date(timeIntervalSince1970: Double(millis) / 1000))
        let event = makeEvent()
        board.apply(event)
        if case .taskCreated(let created) = event.payload { order.append(created.task.id) }
        if case .taskDeleted(let deleted) = event.payload { order.removeAll { $0 == deleted.taskId } }
        return event
    }

    private mutating func makeEvent() -> Event {
        let roll = random.next() % 100
        if order.count < 2 || (order.count < liveTasks && roll < 30) {
            let task = TaskItem(
                id: randomID(), title: "Task \(random.next() % 100_000)", description: "Generated for a benchmark",
                priority: [.low, .medium, .high][Int(random.next() % 3)], createdBy: context.userId,
                tags: ["bench"], createdAt: clock)
            return stamped(factory.taskCreated(task, context: context))
        }
        let id = order[Int(random.next() % UInt64(order.count))]
        var task = board[id]!
        task.version += 1
        task.updatedAt = clock
        switch roll % 10 {
        case 0:
            let old = task.status
            task.status = old.allowedTransitions.sorted { $0.rawValue < $1.rawValue }[Int(random.next() % UInt64(old.allowedTransitions.count))]
            return stamped(factory.taskStatusChanged(task, from: old, context: context))
        case 1:
            let old = task.priority
            task.priority = old.raised ?? .low
            return stamped(factory.taskPriorityChanged(task, from: old, context: context))
        case 2:
            let old = task.assignedTo
            task.assignedTo = old == nil ? "user\(random.next() % 10)" : nil
            return stamped(factory.taskAssigned(task, from: old, context: context))
        case 3:
            let member = "user\(random.next() % 10)"
            let adding = !task.collaborators.contains(member)
            if adding { task.collaborators.insert(member) } else { task.collaborators.remove(member) }
            return stamped(factory.taskCollaboratorsUpdated(task, added: adding ? [member] : [], removed: adding ? [] : [member], context: context))
        case 4:
            let member = "user\(random.next() % 10)"
            let adding = !task.watchers.contains(member)
            if adding { task.watchers.insert(member) } else { task.watchers.remove(member) }
            return stamped(factory.taskWatchersUpdated(task, added: adding ? [member] : [], removed: adding ? [] : [member], context: context))
        case 5:
            if let dependency = task.dependencies.first {
                task.dependencies.remove(dependency)
                return stamped(factory.taskDependencyRemoved(task, removed: dependency, context: context))
            }
            let other = order[Int(random.next() % UInt64(order.count))]
            guard other != id, board[other]?.dependencies.contains(id) == false else { return retitled(task) }
            task.dependencies.insert(other)
            return stamped(factory.taskDependencyAdded(task, dependsOn: other, context: context))
        case 6 where order.count > liveTasks / 2 && task.dependencies.isEmpty && board.dependentTasks(of: id).isEmpty:
            return stamped(factory.taskDeleted(board[id]!, context: context))
        default:
            return retitled(task)
        }
    }

    private mutating func retitled(_ task: TaskItem) -> Event {
        var task = task
        let oldTitle = task.title
        task.title = "Task \(random.next() % 100_000)"
        let changes = ["title": FieldChange(old: .string(oldTitle), new: .string(task.title))]
        return stamped(factory.taskUpdated(task, changes: changes, context: context))
    }

    private func stamped(_ event: Event) -> Event {
        var event = event
        event.timestamp = Timestamp.truncated(clock)
        event.id = TimeOrderedUUID.make(milliseconds: UInt64(millis), random: RandomUUID.make())
        return event
    }

    private mutating func randomID() -> UUID {
        let a = random.next(), b = random.next()
        return withUnsafeBytes(of: (a, b)) { bytes in
            UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6] & 0x0F | 0x40, bytes[7],
                        bytes[8] & 0x3F | 0x80, bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        }
    }
}
