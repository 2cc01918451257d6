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

    /// Parses the 36-character form (`8-4-4-4-12` hex digits, any case).
    static func parseUUID(_ text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36, text[8] == UInt8(ascii: "-"), text[13] == UInt8(ascii: "-"),
              text[18] == UInt8(ascii: "-"), text[23] == UInt8(ascii: "-")
        else { return nil }
        return hexDigits.withUnsafeBufferPointer { table -> UUID? in
            let digits = text.baseAddress!
            var high: UInt64 = 0, low: UInt64 = 0, invalid: UInt8 = 0
            // Branch-free: a table lookup per digit (random hex mispredicts a digit/letter branch).
            @inline(__always) func nibbles(_ from: Int, _ count: Int, into value: inout UInt64) {
                for position in from..<(from + count) {
                    let nibble = table[Int(digits[position])]
                    invalid |= nibble
                    value = value << 4 | UInt64(nibble & 0x0F)
                }
            }
            nibbles(0, 8, into: &high)
            nibbles(9, 4, into: &high)
            nibbles(14, 4, into: &high)
            nibbles(19, 4, into: &low)
            nibbles(24, 12, into: &low)
            guard invalid & 0xF0 == 0 else { return nil }
            var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &bytes) { out in
                out.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
                out.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
            }
            return UUID(uuid: bytes)
        }
    }

    /// For each byte: its value as a hex digit, or 0xFF.
    private static let hexDigits: [UInt8] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(byte) - UInt8(ascii: "A") + 10
        default: 0xFF
        }
    }

    /// Reads a `Timestamp` string (`Timestamp.parse`, straight from the bytes).
    mutating func timestamp(_ key: StaticString) throws(EventCodecError) -> Date {
        let start = index
        let value = try withStringBytes(key) { bytes in
            Timestamp.parse(bytes)
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
        let start = index
        let value = try withStringBytes(key) { bytes -> TaskStatus? in
            if bytes.equals("todo") { return .todo }
            if bytes.equals("in-progress") { return .inProgress }
            if bytes.equals("done") { return .done }
            if bytes.equals("invalid") { return .invalid }
            return nil
        }
        guard let value else { throw EventCodecError(.invalidValue(key: key.description, detail: "has an unknown value"), at: start) }
        return value
    }

    mutating func priority(_ key: StaticString) throws(EventCodecError) -> TaskPriority {
        let start = index
        let value = try withStringBytes(key) { bytes -> TaskPriority? in
            if bytes.equals("medium") { return .medium }
            if bytes.equals("low") { return .low }
            if bytes.equals("high") { return .high }
            return nil
        }
        guard let value else { throw EventCodecError(.invalidValue(key: key.description, detail: "has an unknown value"), at: start) }
        return value
    }

    /// The event type named by a string; an unknown name is `EventCodecError.isUnknownEventType`.
    mutating func eventType(_ key: StaticString) throws(EventCodecError) -> EventType {
        let start = index
        let value = try withStringBytes(key) { bytes in Self.eventType(named: bytes) }
        guard let value else {
            index = start
            throw EventCodecError(.unknownEventType((try? string(key)) ?? "?"), at: start)
        }
        return value
    }

    static func eventType(named bytes: UnsafeBufferPointer<UInt8>) -> EventType? {
        for (type, name) in eventTypeNames where name.count == bytes.count {
            if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { return type }
        }
        return nil
    }

    private static let eventTypeNames: [(EventType, [UInt8])] = EventType.allCases.map { ($0, Array($0.rawValue.utf8)) }

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
