import Foundation

/// The event's contract JSON, keys in sorted order (as `JSONEncoder` with `.sortedKeys` writes them).
/// Optional fields that are `nil` are left out, like the `Codable` path's `encodeIfPresent`.
extension JSONByteWriter {
    mutating func event(_ event: Event) {
        raw("{\"data\":")
        payload(event.payload)
        raw(",\"id\":")
        uuid(event.id)
        raw(",\"metadata\":")
        metadata(event.metadata)
        if event.seq > 0 {
            raw(",\"seq\":")
            integer(event.seq)
        }
        raw(",\"timestamp\":")
        timestamp(event.timestamp)
        raw(",\"type\":\"")
        bytes.append(contentsOf: event.type.rawValue.utf8)
        raw("\"}")
    }

    mutating func metadata(_ metadata: EventMetadata) {
        byte(UInt8(ascii: "{"))
        if let causation = metadata.causationId {
            raw("\"causationId\":")
            uuid(causation)
            byte(UInt8(ascii: ","))
        }
        if let correlation = metadata.correlationId {
            raw("\"correlationId\":")
            uuid(correlation)
            byte(UInt8(ascii: ","))
        }
        raw("\"schemaVersion\":")
        integer(Int64(metadata.schemaVersion))
        if let session = metadata.sessionId {
            raw(",\"sessionId\":")
            string(session)
        }
        raw(",\"source\":")
        string(metadata.source)
        raw(",\"userId\":")
        string(metadata.userId)
        byte(UInt8(ascii: "}"))
    }

    mutating func task(_ task: TaskItem) {
        byte(UInt8(ascii: "{"))
        if let assignee = task.assignedTo {
            raw("\"assignedTo\":")
            string(assignee)
            byte(UInt8(ascii: ","))
        }
        raw("\"collaborators\":")
        sortedStrings(task.collaborators)
        raw(",\"createdAt\":")
        timestamp(task.createdAt)
        raw(",\"createdBy\":")
        string(task.createdBy)
        raw(",\"dependencies\":")
        sortedUUIDs(task.dependencies)
        if let description = task.description {
            raw(",\"description\":")
            string(description)
        }
        if let due = task.due {
            raw(",\"due\":")
            timestamp(due)
        }
        raw(",\"id\":")
        uuid(task.id)
        raw(",\"priority\":\"")
        bytes.append(contentsOf: task.priority.rawValue.utf8)
        raw("\",\"status\":\"")
        bytes.append(contentsOf: task.status.rawValue.utf8)
        raw("\",\"tags\":")
        sortedStrings(task.tags)
        raw(",\"title\":")
        string(task.title)
        raw(",\"updatedAt\":")
        timestamp(task.updatedAt)
        raw(",\"version\":")
        integer(Int64(task.version))
        raw(",\"watchers\":")
        sortedStrings(task.watchers)
        byte(UInt8(ascii: "}"))
    }

    /// A snapshot: `{"lastSeq":N,"tasks":[...]}`, tasks in id order.
    mutating func board(_ board: TaskBoard) {
        raw("{\"lastSeq\":")
        integer(board.lastSeq)
        raw(",\"tasks\":[")
        for (index, item) in board.tasks.values.sorted(by: { UUID.wireOrder($0.id, $1.id) }).enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            task(item)
        }
        raw("]}")
    }

    /// `value` as `JSONValue: Codable` writes it: whole numbers below 10^15 as integers, object keys sorted.
    mutating func jsonValue(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): flag ? raw("true") : raw("false")
        case .number(let number):
            if number == number.rounded(), abs(number) < 1e15 { integer(Int64(number)) } else { double(number) }
        case .string(let text): string(text)
        case .array(let values):
            byte(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                jsonValue(element)
            }
            byte(UInt8(ascii: "]"))
        case .object(let fields):
            byte(UInt8(ascii: "{"))
            for (index, key) in fields.keys.sorted(by: Self.keyOrder).enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                string(key)
                byte(UInt8(ascii: ":"))
                jsonValue(fields[key]!)
            }
            byte(UInt8(ascii: "}"))
        }
    }

    /// The order `JSONEncoder`'s `.sortedKeys` gives keys of a dictionary.
    static func keyOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
