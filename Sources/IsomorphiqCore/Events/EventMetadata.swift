public import Foundation

/// Who caused an event and how it relates to others.
public struct EventMetadata: Sendable, Hashable, Codable {
    /// The schema version events are written with now. Older ones are upcast on decode.
    public static let currentSchemaVersion = 2

    public var userId: UserID
    public var sessionId: String?
    /// Where the change came from: `tui`, `rest`, `ws`, `tcp`, `cli`, `import`, `system`.
    public var source: String
    public var correlationId: UUID?
    public var causationId: UUID?
    public var schemaVersion: Int

    public init(
        userId: UserID,
        sessionId: String? = nil,
        source: String,
        correlationId: UUID? = nil,
        causationId: UUID? = nil,
        schemaVersion: Int = EventMetadata.currentSchemaVersion
    ) {
        self.userId = userId
        self.sessionId = sessionId
        self.source = source
        self.correlationId = correlationId
        self.causationId = causationId
        self.schemaVersion = schemaVersion
    }

    enum CodingKeys: String, CodingKey {
        case userId, sessionId, source, correlationId, causationId, schemaVersion
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        userId = try c.decode(UserID.self, forKey: .userId)
        sessionId = try c.decodeIfPresent(String.self, forKey: .sessionId)
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? "unknown"
        correlationId = try c.decodeIfPresent(UUID.self, forKey: .correlationId)
        causationId = try c.decodeIfPresent(UUID.self, forKey: .causationId)
        schemaVersion = try c.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 1
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(userId, forKey: .userId)
        try c.encodeIfPresent(sessionId, forKey: .sessionId)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(correlationId?.wire, forKey: .correlationId)
        try c.encodeIfPresent(causationId?.wire, forKey: .causationId)
        try c.encode(schemaVersion, forKey: .schemaVersion)
    }
}
