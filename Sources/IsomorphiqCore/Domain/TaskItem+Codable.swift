public import Foundation

/// The JSON form of a task is part of the wire contract (golden tests pin it): ids are lower-case
/// UUIDs, sets are sorted arrays, times are `Timestamp` strings, absent optionals are omitted.
extension TaskItem {
    enum CodingKeys: String, CodingKey {
        case id, title, description, status, priority, createdBy, assignedTo
        case collaborators, watchers, dependencies, tags, due, createdAt, updatedAt, version
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(TaskID.self, forKey: .id),
            title: try c.decode(String.self, forKey: .title),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            status: try c.decode(TaskStatus.self, forKey: .status),
            priority: try c.decodeIfPresent(TaskPriority.self, forKey: .priority) ?? .default,
            createdBy: try c.decode(UserID.self, forKey: .createdBy),
            assignedTo: try c.decodeIfPresent(UserID.self, forKey: .assignedTo),
            collaborators: Set(try c.decodeIfPresent([UserID].self, forKey: .collaborators) ?? []),
            watchers: Set(try c.decodeIfPresent([UserID].self, forKey: .watchers) ?? []),
            dependencies: Set(try c.decodeIfPresent([TaskID].self, forKey: .dependencies) ?? []),
            tags: Set(try c.decodeIfPresent([String].self, forKey: .tags) ?? []),
            due: try c.decodeTimestampIfPresent(forKey: .due),
            createdAt: try c.decodeTimestamp(forKey: .createdAt),
            updatedAt: try c.decodeTimestampIfPresent(forKey: .updatedAt),
            version: try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.wire, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(status, forKey: .status)
        try c.encode(priority, forKey: .priority)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encodeIfPresent(assignedTo, forKey: .assignedTo)
        try c.encode(collaborators.sorted(), forKey: .collaborators)
        try c.encode(watchers.sorted(), forKey: .watchers)
        try c.encode(dependencies.map(\.wire).sorted(), forKey: .dependencies)
        try c.encode(tags.sorted(), forKey: .tags)
        try c.encodeIfPresent(due.map(Timestamp.format), forKey: .due)
        try c.encode(Timestamp.format(createdAt), forKey: .createdAt)
        try c.encode(Timestamp.format(updatedAt), forKey: .updatedAt)
        try c.encode(version, forKey: .version)
    }
}

extension UUID {
    /// The wire form: lower-case, as the seed design's JavaScript clients write ids.
    /// (Formatted by hand: `uuidString` goes through `snprintf`, and the store binds three ids per event.)
    public var wire: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            withUnsafeBytes(of: uuid) { raw in
                let hex: StaticString = "0123456789abcdef"
                let digits = hex.utf8Start
                var out = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        buffer[out] = UInt8(ascii: "-")
                        out += 1
                    }
                    buffer[out] = digits[Int(raw[index] >> 4)]
                    buffer[out + 1] = digits[Int(raw[index] & 0x0F)]
                    out += 2
                }
            }
            return 36
        }
    }

    /// Appends the wire form's 36 bytes of UTF-8 to `bytes`.
    public func appendWire(to bytes: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        let digits = hex.utf8Start
        withUnsafeBytes(of: uuid) { raw in
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(digits[Int(raw[index] >> 4)])
                bytes.append(digits[Int(raw[index] & 0x0F)])
            }
        }
    }
}

extension KeyedDecodingContainer {
    func decodeTimestamp(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "'\(text)' is not an ISO-8601 timestamp")
        }
        return date
    }

    func decodeTimestampIfPresent(forKey key: Key) throws -> Date? {
        guard contains(key), try decodeNil(forKey: key) == false else { return nil }
        return try decodeTimestamp(forKey: key)
    }
}
