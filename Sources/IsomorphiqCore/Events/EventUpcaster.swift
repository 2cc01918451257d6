/// Brings the `data` of an event written by an older schema to the current shape.
///
/// Schema 1 is the shape of the seed design's JavaScript service: `task_assigned` named the new
/// assignee `assignee` and the previous one `previousAssignee`, and payloads carried no
/// `updatedBy` (the actor was only in metadata, from where it is copied). Each step upgrades one version.
enum EventUpcaster {
    static func upcast(_ data: JSONValue, type: EventType, from version: Int, actor: UserID) -> JSONValue {
        var value = data
        var version = version
        while version < EventMetadata.currentSchemaVersion {
            value = step(value, type: type, from: version, actor: actor)
            version += 1
        }
        return value
    }

    private static func step(_ data: JSONValue, type: EventType, from version: Int, actor: UserID) -> JSONValue {
        guard version == 1, case .object(var fields) = data else { return data }
        if type == .taskAssigned {
            if let assignee = fields.removeValue(forKey: "assignee") { fields["assignedTo"] = assignee }
            if let previous = fields.removeValue(forKey: "previousAssignee") { fields["oldAssignee"] = previous }
        }
        if type.isTaskEvent, type != .taskCreated, type != .taskDeleted, fields["updatedBy"] == nil {
            fields["updatedBy"] = .string(actor)
        }
        return .object(fields)
    }
}
