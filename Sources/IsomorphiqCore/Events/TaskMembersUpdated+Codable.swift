import Foundation
/// The set's key depends on the event type, so the coding key is chosen by the caller.
extension TaskMembersUpdated {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        static let taskId = Key(stringValue: "taskId")
        static let added = Key(stringValue: "added")
        static let removed = Key(stringValue: "removed")
        static let task = Key(stringValue: "task")
        static let updatedBy = Key(stringValue: "updatedBy")
    }

    init(from decoder: any Decoder, membersKey: String) throws {
        let c = try decoder.container(keyedBy: Key.self)
        taskId = try c.decode(TaskID.self, forKey: .taskId)
        added = Set(try c.decodeIfPresent([UserID].self, forKey: .added) ?? [])
        removed = Set(try c.decodeIfPresent([UserID].self, forKey: .removed) ?? [])
        members = Set(try c.decode([UserID].self, forKey: Key(stringValue: membersKey)))
        task = try c.decode(TaskItem.self, forKey: .task)
        updatedBy = try c.decode(UserID.self, forKey: .updatedBy)
    }

    func encode(to encoder: any Encoder, membersKey: String) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(taskId, forKey: .taskId)
        try c.encode(added, forKey: .added)
        try c.encode(removed, forKey: .removed)
        try c.encode(members, forKey: Key(stringValue: membersKey))
        try c.encode(task, forKey: .task)
        try c.encode(updatedBy, forKey: .updatedBy)
    }
}
