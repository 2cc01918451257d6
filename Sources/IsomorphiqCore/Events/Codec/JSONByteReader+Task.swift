import Foundation

/// Domain values: ids, times, sets, statuses, tasks and boards, with the `Codable` path's defaults.
extension JSONByteReader {
    /// Reads a UUID string in any letter case.
    mutating func uuid(_ key: StaticString) throws(EventCodecError) -> UUID {
        let start = index
        let value = try withStringBytes(key) { bytes in Self.parseUUID(bytes) }
        guard let value else { throw EventCodecError(.invalidValue(key: key.description, detail: "is not a UUID"), at: start) }
        return value
    }

    mutating func optionalUUID(_ key: StaticString) throws(EventCodecError) -> UUID? {
        try consumeNull() ? nil : uuid(key)
    }

    static func parseUUID(_ text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let valid = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    guard text[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                let high = hexValue(text[position]), low = hexValue(text[position + 1])
                guard high < 16, low < 16 else { return false }
                out[index] = high << 4 | low
                position += 2
            }
            return true
        }
        return valid ? UUID(uuid: bytes) : nil
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8 {
        let digit = byte &- UInt8(ascii: "0")
        if digit < 10 { return digit }
        let letter = (byte | 0x20) &- UInt8(ascii: "a")
        return letter < 6 ? letter + 10 : 0xFF
    }

    /// Reads a `Timestamp` string: the fixed form fast, any other ISO-8601 form through `Timestamp.parse`.
    mutating func timestamp(_ key: StaticString) throws(EventCodecError) -> Date {
        let start = index
        let value = try withStringBytes(key) { bytes in
            CivilTime.parse(bytes) ?? String(validating: bytes, as: UTF8.self).flatMap(Timestamp.parse)
        }
        guard let value else {
            throw EventCodecError(.invalidValue(key: key.description, detail: "is not an ISO-8601 timestamp"), at: start)
        }
        return value
    }

    /// `null` (or, to the caller, absence) is `nil`, as `decodeTimestampIfPresent` has it.
    mutating func optionalTimestamp(_ key: StaticString) throws(EventCodecError) -> Date? {
        try consumeNull() ? nil : timestamp(key)
    }

    /// An array of strings as a set; `null` is the empty set (the `decodeIfPresent … ?? []` default).
    mutating func stringSet(_ key: StaticString) throws(EventCodecError) -> Set<String> {
        if try consumeNull() { return [] }
        try beginArray(key)
        var values = Set<String>()
        var first = true
        while try nextElement(&first) { values.insert(try string(key)) }
        return values
    }

    mutating func uuidSet(_ key: StaticString) throws(EventCodecError) -> Set<UUID> {
        if try consumeNull() { return [] }
        try beginArray(key)
        var values = Set<UUID>()
        var first = true
        while try nextElement(&first) { values.insert(try uuid(key)) }
        return values
    }

    mutating func status(_ key: StaticString) throws(EventCodecError) -> TaskStatus {
        try rawEnum(key, TaskStatus.self)
    }

    mutating func priority(_ key: StaticString) throws(EventCodecError) -> TaskPriority {
        try rawEnum(key, TaskPriority.self)
    }

    /// A string that must be one of `T`'s raw values.
    mutating func rawEnum<T: RawRepresentable & CaseIterable>(_ key: StaticString, _ type: T.Type) throws(EventCodecError) -> T
    where T.RawValue == String {
        let start = index
        let value = try withStringBytes(key) { bytes in
            T.allCases.first { candidate in candidate.rawValue.utf8.elementsEqual(bytes) }
        }
        guard let value else { throw EventCodecError(.invalidValue(key: key.description, detail: "has an unknown value"), at: start) }
        return value
    }

    /// A task, with the defaults of `TaskItem.init(from:)`: `priority` medium, sets empty,
    /// `updatedAt` = `createdAt`, `version` 1.
    mutating func task(_ key: StaticString = "task") throws(EventCodecError) -> TaskItem {
        try beginObject(key)
        var id: UUID?, title: String?, description: String?, status: TaskStatus?, priority: TaskPriority?
        var createdBy: String?, assignedTo: String?, due: Date?, createdAt: Date?, updatedAt: Date?, version: Int64?
        var collaborators = Set<String>(), watchers = Set<String>(), dependencies = Set<UUID>(), tags = Set<String>()
        var first = true
        while let name = try nextKey(&first) {
            if name.matches("id") { id = try uuid("id") }
            else if name.matches("title") { title = try string("title") }
            else if name.matches("status") { status = try self.status("status") }
            else if name.matches("priority") { priority = try consumeNull() ? nil : self.priority("priority") }
            else if name.matches("createdBy") { createdBy = try string("createdBy") }
            else if name.matches("createdAt") { createdAt = try timestamp("createdAt") }
            else if name.matches("updatedAt") { updatedAt = try optionalTimestamp("updatedAt") }
            else if name.matches("version") { version = try consumeNull() ? nil : integer("version") }
            else if name.matches("description") { description = try optionalString("description") }
            else if name.matches("assignedTo") { assignedTo = try optionalString("assignedTo") }
            else if name.matches("due") { due = try optionalTimestamp("due") }
            else if name.matches("collaborators") { collaborators = try stringSet("collaborators") }
            else if name.matches("watchers") { watchers = try stringSet("watchers") }
            else if name.matches("dependencies") { dependencies = try uuidSet("dependencies") }
            else if name.matches("tags") { tags = try stringSet("tags") }
            else { try skipValue() }
        }
        guard let id else { throw EventCodecError(.missingKey("id", in: "task"), at: index) }
        guard let title else { throw EventCodecError(.missingKey("title", in: "task"), at: index) }
        guard let status else { throw EventCodecError(.missingKey("status", in: "task"), at: index) }
        guard let createdBy else { throw EventCodecError(.missingKey("createdBy", in: "task"), at: index) }
        guard let createdAt else { throw EventCodecError(.missingKey("createdAt", in: "task"), at: index) }
        guard let intVersion = Int(exactly: version ?? 1) else {
            throw EventCodecError(.invalidValue(key: "version", detail: "is out of range"), at: index)
        }
        return TaskItem(
            id: id, title: title, description: description, status: status, priority: priority ?? .default,
            createdBy: createdBy, assignedTo: assignedTo, collaborators: collaborators, watchers: watchers,
            dependencies: dependencies, tags: tags, due: due, createdAt: createdAt, updatedAt: updatedAt, version: intVersion)
    }

    /// A snapshot: `lastSeq` and `tasks` are both required.
    mutating func board() throws(EventCodecError) -> TaskBoard {
        try beginObject("board")
        var lastSeq: Int64?
        var tasks: [TaskItem]?
        var first = true
        while let name = try nextKey(&first) {
            if name.matches("lastSeq") {
                lastSeq = try integer("lastSeq")
            } else if name.matches("tasks") {
                try beginArray("tasks")
                var items: [TaskItem] = []
                var firstTask = true
                while try nextElement(&firstTask) { items.append(try task()) }
                tasks = items
            } else {
                try skipValue()
            }
        }
        guard let lastSeq else { throw EventCodecError(.missingKey("lastSeq", in: "board"), at: index) }
        guard let tasks else { throw EventCodecError(.missingKey("tasks", in: "board"), at: index) }
        return TaskBoard(tasks: tasks, lastSeq: lastSeq)
    }
}
