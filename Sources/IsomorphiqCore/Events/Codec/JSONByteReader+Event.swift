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
        /// The payload, when `data` could be read in the same pass (see `envelope`), and the type it was read as.
        var payload: (EventPayload, EventType)?
    }

    /// Reads the envelope of an event in one pass, and the payload too when its type is known by
    /// the time `data` comes: from a `type` key before it, or else from `typeHint` (sorted keys put
    /// `type` last). A payload read as the wrong type, or that fails to read, is dropped and `data`
    /// only skipped (structurally; `payload(_:)` validates it when the caller reads it again).
    mutating func envelope(typeHint: EventType?) throws(EventCodecError) -> Envelope {
        try beginObject("event")
        var id: UUID?, type: EventType?, timestamp: Date?, seq: Int64 = 0, metadata: EventMetadata?, dataOffset: Int?
        var payload: (EventPayload, EventType)?
        var first = true
        while let name = try nextKey(&first) {
            if name.matches("data") {
                dataOffset = index
                payload = nil
                if let expected = type ?? typeHint {
                    let before = self
                    do {
                        payload = (try self.payload(expected), expected)
                    } catch {
                        self = before
                        try skipStructure()
                    }
                } else {
                    try skipStructure()
                }
            } else if name.matches("id") {
                id = try uuid("id")
            } else if name.matches("type") {
                type = try eventType("type")
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
        return Envelope(
            id: id, type: type, timestamp: timestamp, seq: seq, metadata: metadata, dataOffset: dataOffset,
            payload: payload?.1 == type ? payload : nil)
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

    /// The type named by a last key `"type":"…"` of the top-level object (where sorted keys put it),
    /// found by reading backwards from the end; `nil` when the text does not end that way. Only a
    /// hint: the forward pass checks it.
    static func typeHint(_ text: UnsafeBufferPointer<UInt8>) -> EventType? {
        var index = text.count - 1
        func skipBack() {
            while index >= 0, text[index] == 0x20 || text[index] == 0x0A || text[index] == 0x0D || text[index] == 0x09 { index -= 1 }
        }
        skipBack()
        guard index >= 0, text[index] == UInt8(ascii: "}") else { return nil }
        index -= 1
        skipBack()
        guard index >= 0, text[index] == UInt8(ascii: "\"") else { return nil }
        let end = index
        index -= 1
        while index >= 0, text[index] != UInt8(ascii: "\"") { index -= 1 }
        guard index >= 6 else { return nil }
        let name = UnsafeBufferPointer(rebasing: text[(index + 1)..<end])
        index -= 1
        skipBack()
        guard index >= 6, text[index] == UInt8(ascii: ":") else { return nil }
        index -= 1
        skipBack()
        guard index >= 5, UnsafeBufferPointer(rebasing: text[(index - 5)...index]).equals("\"type\"") else { return nil }
        return eventType(named: name)
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
        while index < input.count {
            let byte = input[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                while true {
                    index = ByteScan.quoteOrBackslash(input, from: index)
                    guard index < input.count else { throw error("unterminated string") }
                    index += 1
                    if input[index - 1] == UInt8(ascii: "\"") { break }
                    index += 1  // the escaped byte
                }
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
