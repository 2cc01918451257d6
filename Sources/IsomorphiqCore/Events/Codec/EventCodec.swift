public import Foundation

/// The fast, hand-written codec for the contract JSON of events, tasks and boards.
///
/// **Output** is compact JSON, byte for byte what `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` for the `Codable` form (tested against Foundation
/// over thousands of random events). The one difference: a non-finite number inside a
/// `JSONValue`, which `JSONEncoder` refuses to encode, is written as `null`.
///
/// **Input** is any JSON text `JSONDecoder` accepts for the `Codable` form, in any key order and
/// whitespace (pretty or compact); unknown keys are ignored, absent optional keys get the
/// `Codable` defaults, upper-case UUIDs and other ISO-8601 timestamp forms are accepted. Input is
/// validated strictly (RFC 8259, UTF-8, no trailing text), a little more strictly than `JSONDecoder`,
/// which lets trailing commas through and does not check the UTF-8 of strings it skips. An event of an older schema version is
/// decoded through the `Codable` path, which upcasts it; a newer schema version or an unknown
/// type is an error.
///
/// Thread-safe: every call is independent. Errors are `EventCodecError`; no input traps.
public enum EventCodec {
    /// The event's JSON (with `seq` when it is above 0, as `Event: Codable` writes it).
    public static func encode(_ event: Event) -> [UInt8] {
        var writer = JSONByteWriter(capacity: 768)
        writer.event(event)
        return writer.bytes
    }

    /// Appends the event's JSON to `bytes`, for callers that frame it in a larger message.
    public static func encode(_ event: Event, into bytes: inout [UInt8]) {
        var writer = JSONByteWriter(capacity: 0)
        swap(&writer.bytes, &bytes)
        writer.event(event)
        swap(&writer.bytes, &bytes)
    }

    public static func encode(_ task: TaskItem) -> [UInt8] {
        var writer = JSONByteWriter(capacity: 512)
        writer.task(task)
        return writer.bytes
    }

    /// The snapshot form: `{"lastSeq":N,"tasks":[…]}`, tasks sorted by id.
    public static func encode(_ board: TaskBoard) -> [UInt8] {
        var writer = JSONByteWriter(capacity: 64 + board.count * 512)
        writer.board(board)
        return writer.bytes
    }

    /// Decodes one event. Its `seq` is the one in the JSON, or 0 when absent.
    public static func decode(_ bytes: some Collection<UInt8>) throws(EventCodecError) -> Event {
        try withBuffer(bytes) { (buffer) throws(EventCodecError) -> Event in try decodeEvent(buffer) }
    }

    /// `decode` for the common containers, without going through `Collection`'s witness table.
    public static func decode(_ bytes: [UInt8]) throws(EventCodecError) -> Event {
        try bytes.withUnsafeBufferPointer { (buffer) throws(EventCodecError) -> Event in try decodeEvent(buffer) }
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(EventCodecError) -> Event {
        try decodeEvent(bytes)
    }

    public static func decode(_ data: Data) throws(EventCodecError) -> Event {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(EventCodecError) -> Event in try decodeEvent(raw.bindMemory(to: UInt8.self)) }
        }
        return try result.get()
    }

    public static func decodeTask(_ bytes: some Collection<UInt8>) throws(EventCodecError) -> TaskItem {
        try withBuffer(bytes) { (buffer) throws(EventCodecError) -> TaskItem in
            var reader = JSONByteReader(buffer)
            let task = try reader.task()
            try reader.expectEnd()
            return task
        }
    }

    public static func decodeBoard(_ bytes: some Collection<UInt8>) throws(EventCodecError) -> TaskBoard {
        try withBuffer(bytes) { (buffer) throws(EventCodecError) -> TaskBoard in
            var reader = JSONByteReader(buffer)
            let board = try reader.board()
            try reader.expectEnd()
            return board
        }
    }

    private static func decodeEvent(_ buffer: UnsafeBufferPointer<UInt8>) throws(EventCodecError) -> Event {
        var reader = JSONByteReader(buffer)
        let envelope = try reader.envelope(typeHint: JSONByteReader.typeHint(buffer))
        try reader.expectEnd()
        let version = envelope.metadata.schemaVersion
        if version > EventMetadata.currentSchemaVersion {
            throw EventCodecError(.newerSchema(version))
        }
        if version < EventMetadata.currentSchemaVersion {
            return try upcast(buffer)
        }
        let payload: EventPayload
        if let (read, _) = envelope.payload {
            payload = read
        } else {
            var dataReader = JSONByteReader(buffer, at: envelope.dataOffset)
            payload = try dataReader.payload(envelope.type)
        }
        return Event(id: envelope.id, timestamp: envelope.timestamp, seq: envelope.seq, payload: payload, metadata: envelope.metadata)
    }

    /// Older schemas are rare (imports of old logs): the `Codable` path and its upcaster handle them.
    private static func upcast(_ buffer: UnsafeBufferPointer<UInt8>) throws(EventCodecError) -> Event {
        do {
            return try JSONDecoder().decode(Event.self, from: Data(buffer: buffer))
        } catch {
            throw EventCodecError(.upcast(String(describing: error)))
        }
    }

    private static func withBuffer<R>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws(EventCodecError) -> R
    ) throws(EventCodecError) -> R {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(EventCodecError) -> R in try body(buffer) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { (buffer) throws(EventCodecError) -> R in try body(buffer) }
    }
}
