import Foundation

/// The event envelope and its metadata.
extension JSONByteReader {
    /// What the envelope pass found: everything but the typed payload, and where `data` starts.
    struct Envelope {
        var id: UUID
        var type: EventType
        var timestamp: Date
        var seq: Int64
        var metadata: EventMetadata
        var dataOffset: Int
    }

    /// Reads the envelope of an event in one pass. `data` comes before `type` in sorted order, so its
    /// extent is only skipped here (structurally; `payload(_:)` validates it when it reads it).
    mutating func envelope() throws(EventCodecError) -> Envelope {
        try beginObject("event")
        var id: UUID?, type: EventType?, timestamp: Date?, seq: Int64 = 0, metadata: EventMetadata?, dataOffset: Int?
        var first = true
        while let name = try nextKey(&first) {
            if name.matches("data") {
                dataOffset = index
                try skipStructure()
            } else if name.matches("id") {
                id = try uuid("id")
            } else if name.matches("type") {
                let start = index
                let typeName = try string("type")
                guard let known = EventType(rawValue: typeName) else {
                    throw EventCodecError(.unknownEventType(typeName), at: start)
                }
                type = known
            } else if name.matches("timestamp") {
                timestamp = try self.timestamp("timestamp")
            } else if name.matches("seq") {
                seq = try consumeNull() ? 0 : integer("seq")
            } else if name.matches("metadata") {
                metadata = try self.metadata()
            } else {
                try skipValue()
            }
        }
        guard let type else { throw EventCodecError(.missingKey("type", in: "event"), at: index) }
        guard let metadata else { throw EventCodecError(.missingKey("metadata", in: "event"), at: index) }
        guard let dataOffset else { throw EventCodecError(.missingKey("data", in: "event"), at: index) }
        guard let id else { throw EventCodecError(.missingKey("id", in: "event"), at: index) }
        guard let timestamp else { throw EventCodecError(.missingKey("timestamp", in: "event"), at: index) }
        return Envelope(id: id, type: type, timestamp: timestamp, seq: seq, metadata: metadata, dataOffset: dataOffset)
    }

    /// Metadata with the defaults of `EventMetadata.init(from:)`: `source` "unknown", `schemaVersion` 1.
    mutating func metadata() throws(EventCodecError) -> EventMetadata {
        try beginObject("metadata")
        var userId: String?, sessionId: String?, source: String?, correlationId: UUID?, causationId: UUID?
        var schemaVersion: Int64?
        var first = true
        while let name = try nextKey(&first) {
            if name.matches("userId") { userId = try string("userId") }
            else if name.matches("source") { source = try optionalString("source") }
            else if name.matches("schemaVersion") { schemaVersion = try consumeNull() ? nil : integer("schemaVersion") }
            else if name.matches("sessionId") { sessionId = try optionalString("sessionId") }
            else if name.matches("correlationId") { correlationId = try optionalUUID("correlationId") }
            else if name.matches("causationId") { causationId = try optionalUUID("causationId") }
            else { try skipValue() }
        }
        guard let userId else { throw EventCodecError(.missingKey("userId", in: "metadata"), at: index) }
        guard let version = Int(exactly: schemaVersion ?? 1) else {
            throw EventCodecError(.invalidValue(key: "schemaVersion", detail: "is out of range"), at: index)
        }
        return EventMetadata(
            userId: userId, sessionId: sessionId, source: source ?? "unknown",
            correlationId: correlationId, causationId: causationId, schemaVersion: version)
    }

    /// Moves past one value by its brackets and quotes only, checking nothing but that it ends.
    /// For a value that is read properly later.
    mutating func skipStructure() throws(EventCodecError) {
        guard let first = peek() else { throw error("unexpected end of input") }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            try skipValue()
            return
        }
        var nesting = 0
        var inString = false
        while index < input.count {
            let byte = input[index]
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): nesting += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                nesting -= 1
                if nesting == 0 { return }
            default: break
            }
        }
        throw error("unterminated value")
    }
}
