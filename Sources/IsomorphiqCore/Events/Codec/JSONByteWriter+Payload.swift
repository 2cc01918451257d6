/// Each payload's `data` object, keys in sorted order. The field names are those of the payload
/// structs' `Codable` forms (pinned by the golden files).
extension JSONByteWriter {
    mutating func payload(_ payload: EventPayload) {
        switch payload {
        case .taskCreated(let p):
            raw("{\"createdBy\":")
            string(p.createdBy)
            raw(",\"task\":")
            task(p.task)
            byte(UInt8(ascii: "}"))
        case .taskUpdated(let p):
            raw("{\"changes\":{")
            for (index, field) in p.changes.keys.sorted(by: Self.keyOrder).enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                let change = p.changes[field]!
                string(field)
                raw(":{\"new\":")
                jsonValue(change.new)
                raw(",\"old\":")
                jsonValue(change.old)
                byte(UInt8(ascii: "}"))
            }
            byte(UInt8(ascii: "}"))
            taskTail(p.task, p.taskId, updatedBy: p.updatedBy)
        case .taskDeleted(let p):
            raw("{\"deletedBy\":")
            string(p.deletedBy)
            taskTail(p.task, p.taskId, updatedBy: nil)
        case .taskStatusChanged(let p):
            raw("{\"newStatus\":\"")
            bytes.append(contentsOf: p.newStatus.rawValue.utf8)
            raw("\",\"oldStatus\":\"")
            bytes.append(contentsOf: p.oldStatus.rawValue.utf8)
            byte(UInt8(ascii: "\""))
            taskTail(p.task, p.taskId, updatedBy: p.updatedBy)
        case .taskPriorityChanged(let p):
            raw("{\"newPriority\":\"")
            bytes.append(contentsOf: p.newPriority.rawValue.utf8)
            raw("\",\"oldPriority\":\"")
            bytes.append(contentsOf: p.oldPriority.rawValue.utf8)
            byte(UInt8(ascii: "\""))
            taskTail(p.task, p.taskId, updatedBy: p.updatedBy)
        case .taskAssigned(let p):
            byte(UInt8(ascii: "{"))
            if let assignee = p.assignedTo {
                raw("\"assignedTo\":")
                string(assignee)
                byte(UInt8(ascii: ","))
            }
            if let old = p.oldAssignee {
                raw("\"oldAssignee\":")
                string(old)
                byte(UInt8(ascii: ","))
            }
            raw("\"task\":")
            task(p.task)
            raw(",\"taskId\":")
            uuid(p.taskId)
            raw(",\"updatedBy\":")
            string(p.updatedBy)
            byte(UInt8(ascii: "}"))
        case .taskCollaboratorsUpdated(let p):
            raw("{\"added\":")
            sortedStrings(p.added)
            raw(",\"collaborators\":")
            sortedStrings(p.members)
            raw(",\"removed\":")
            sortedStrings(p.removed)
            taskTail(p.task, p.taskId, updatedBy: p.updatedBy)
        case .taskWatchersUpdated(let p):
            raw("{\"added\":")
            sortedStrings(p.added)
            raw(",\"removed\":")
            sortedStrings(p.removed)
            raw(",\"task\":")
            task(p.task)
            raw(",\"taskId\":")
            uuid(p.taskId)
            raw(",\"updatedBy\":")
            string(p.updatedBy)
            raw(",\"watchers\":")
            sortedStrings(p.members)
            byte(UInt8(ascii: "}"))
        case .taskDependencyAdded(let p):
            raw("{\"dependsOn\":")
            uuid(p.dependsOn)
            taskTail(p.task, p.taskId, updatedBy: p.updatedBy)
        case .taskDependencyRemoved(let p):
            raw("{\"dependencyRemoved\":")
            uuid(p.dependencyRemoved)
            taskTail(p.task, p.taskId, updatedBy: p.updatedBy)
        case .clientConnected(let p), .clientDisconnected(let p):
            raw("{\"address\":")
            string(p.address)
            raw(",\"at\":")
            timestamp(p.at)
            raw(",\"connectionId\":")
            string(p.connectionId)
            raw(",\"program\":")
            string(p.program)
            raw(",\"user\":")
            string(p.user)
            byte(UInt8(ascii: "}"))
        case .systemStarted(let p), .systemShutdown(let p):
            byte(UInt8(ascii: "{"))
            if let message = p.message {
                raw("\"message\":")
                string(message)
                byte(UInt8(ascii: ","))
            }
            raw("\"version\":")
            string(p.version)
            byte(UInt8(ascii: "}"))
        }
    }

    /// `,"task":{…},"taskId":"…"[,"updatedBy":"…"]}`: the keys every task payload ends with.
    private mutating func taskTail(_ item: TaskItem, _ taskId: TaskID, updatedBy: UserID?) {
        raw(",\"task\":")
        task(item)
        raw(",\"taskId\":")
        uuid(taskId)
        if let updatedBy {
            raw(",\"updatedBy\":")
            string(updatedBy)
        }
        byte(UInt8(ascii: "}"))
    }
}
