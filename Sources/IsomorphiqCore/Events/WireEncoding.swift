import Foundation

// Synthesised `Codable` conformances in this module pick these overloads, so every id and time in
// a payload takes its wire form (lower-case UUID, `Timestamp` string) without hand-written coders.
extension KeyedEncodingContainer {
    mutating func encode(_ value: UUID, forKey key: Key) throws {
        try encode(value.wire, forKey: key)
    }

    mutating func encodeIfPresent(_ value: UUID?, forKey key: Key) throws {
        try encodeIfPresent(value?.wire, forKey: key)
    }

    mutating func encode(_ value: Date, forKey key: Key) throws {
        try encode(Timestamp.format(value), forKey: key)
    }

    mutating func encodeIfPresent(_ value: Date?, forKey key: Key) throws {
        try encodeIfPresent(value.map(Timestamp.format), forKey: key)
    }

    mutating func encode(_ value: Set<UUID>, forKey key: Key) throws {
        try encode(value.map(\.wire).sorted(), forKey: key)
    }

    mutating func encode(_ value: Set<String>, forKey key: Key) throws {
        try encode(value.sorted(), forKey: key)
    }
}

extension KeyedDecodingContainer {
    func decode(_ type: Date.Type, forKey key: Key) throws -> Date {
        try decodeTimestamp(forKey: key)
    }

    func decodeIfPresent(_ type: Date.Type, forKey key: Key) throws -> Date? {
        try decodeTimestampIfPresent(forKey: key)
    }
}
