/// Why `EventCodec` could not decode a JSON text.
///
/// `message` is a sentence for logs and for the person who wrote the input; `offset` is the byte
/// position where the problem was noticed (`nil` when it concerns the document as a whole).
public struct EventCodecError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case syntax(String)
        case missingKey(String, in: String)
        case wrongType(key: String, expected: String)
        case invalidValue(key: String, detail: String)
        case unknownEventType(String)
        case newerSchema(Int)
        case upcast(String)
    }

    let kind: Kind
    /// Byte offset in the input where decoding stopped, if it concerns a position.
    public let offset: Int?

    init(_ kind: Kind, at offset: Int? = nil) {
        self.kind = kind
        self.offset = offset
    }

    /// What went wrong, in words.
    public var message: String {
        switch kind {
        case .syntax(let detail): "invalid JSON: \(detail)"
        case .missingKey(let key, let object): "missing key '\(key)' in \(object)"
        case .wrongType(let key, let expected): "'\(key)' must be \(expected)"
        case .invalidValue(let key, let detail): "'\(key)' \(detail)"
        case .unknownEventType(let name): "unknown event type '\(name)'"
        case .newerSchema(let version):
            "schema version \(version) is newer than this program knows (\(EventMetadata.currentSchemaVersion))"
        case .upcast(let detail): "an event of an older schema could not be upcast: \(detail)"
        }
    }

    public var description: String {
        offset.map { "\(message) (at byte \($0))" } ?? message
    }

    /// The input is not a known event because its `type` is unknown.
    public var isUnknownEventType: Bool {
        if case .unknownEventType = kind { return true }
        return false
    }

    /// The input was written by a newer schema than this program knows.
    public var isNewerSchema: Bool {
        if case .newerSchema = kind { return true }
        return false
    }
}
