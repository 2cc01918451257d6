import Foundation


/// The JSON form of an event: `{"id","type","timestamp","seq","data","metadata"}`.
///
/// Decoding reads `metadata.schemaVersion` first; an event written by an older schema has its
/// `data` upcast (`EventUpcaster`) before it is decoded into the typed payload. An unknown type or
/// a newer schema version than this program knows is a `DecodingError`.
extension Event: Codable {
    enum CodingKeys: String, CodingKey {
        case id, type, timestamp, seq, data, metadata
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let typeName = try c.decode(String.self, forKey: .type)
        guard let type = EventType(rawValue: typeName) else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown event type '\(typeName)'")
        }
        let metadata = try c.decode(EventMetadata.self, forKey: .metadata)
        guard metadata.schemaVersion <= EventMetadata.currentSchemaVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .metadata, in: c,
                debugDescription: "schema version \(metadata.schemaVersion) is newer than this program knows (\(EventMetadata.currentSchemaVersion))")
        }
        let payload: EventPayload
        if metadata.schemaVersion < EventMetadata.currentSchemaVersion {
            let old = try c.decode(JSONValue.self, forKey: .data)
            let upcast = EventUpcaster.upcast(old, type: type, from: metadata.schemaVersion, actor: metadata.userId)
            payload = try EventPayload.decode(type: type, from: JSONDecoder().decode(DataBox.self, from: JSONEncoder().encode(upcast)).decoder)
        } else {
            payload = try EventPayload.decode(type: type, from: c.superDecoder(forKey: .data))
        }
        var current = metadata
        current.schemaVersion = EventMetadata.currentSchemaVersion
        self.init(
            id: try c.decode(UUID.self, forKey: .id),
            timestamp: try c.decodeTimestamp(forKey: .timestamp),
            seq: try c.decodeIfPresent(Int64.self, forKey: .seq) ?? 0,
            payload: payload,
            metadata: current)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(timestamp, forKey: .timestamp)
        if seq > 0 { try c.encode(seq, forKey: .seq) }
        try payload.encode(to: c.superEncoder(forKey: .data))
        try c.encode(metadata, forKey: .metadata)
    }
}

/// Captures a decoder so that an upcast JSON value can be decoded by type like any other.
private struct DataBox: Decodable {
    let decoder: any Decoder
    init(from decoder: any Decoder) throws { self.decoder = decoder }
}

extension EventPayload {
    static func decode(type: EventType, from decoder: any Decoder) throws -> EventPayload {
        switch type {
        case .taskCreated: .taskCreated(try TaskCreated(from: decoder))
        case .taskUpdated: .taskUpdated(try TaskUpdated(from: decoder))
        case .taskDeleted: .taskDeleted(try TaskDeleted(from: decoder))
        case .taskStatusChanged: .taskStatusChanged(try TaskStatusChanged(from: decoder))
        case .taskPriorityChanged: .taskPriorityChanged(try TaskPriorityChanged(from: decoder))
        case .taskAssigned: .taskAssigned(try TaskAssigned(from: decoder))
        case .taskCollaboratorsUpdated: .taskCollaboratorsUpdated(try TaskMembersUpdated(from: decoder, membersKey: "collaborators"))
        case .taskWatchersUpdated: .taskWatchersUpdated(try TaskMembersUpdated(from: decoder, membersKey: "watchers"))
        case .taskDependencyAdded: .taskDependencyAdded(try TaskDependencyAdded(from: decoder))
        case .taskDependencyRemoved: .taskDependencyRemoved(try TaskDependencyRemoved(from: decoder))
        case .clientConnected: .clientConnected(try ClientPresence(from: decoder))
        case .clientDisconnected: .clientDisconnected(try ClientPresence(from: decoder))
        case .systemStarted: .systemStarted(try SystemNotice(from: decoder))
        case .systemShutdown: .systemShutdown(try SystemNotice(from: decoder))
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .taskCreated(let p): try p.encode(to: encoder)
        case .taskUpdated(let p): try p.encode(to: encoder)
        case .taskDeleted(let p): try p.encode(to: encoder)
        case .taskStatusChanged(let p): try p.encode(to: encoder)
        case .taskPriorityChanged(let p): try p.encode(to: encoder)
        case .taskAssigned(let p): try p.encode(to: encoder)
        case .taskCollaboratorsUpdated(let p): try p.encode(to: encoder, membersKey: "collaborators")
        case .taskWatchersUpdated(let p): try p.encode(to: encoder, membersKey: "watchers")
        case .taskDependencyAdded(let p): try p.encode(to: encoder)
        case .taskDependencyRemoved(let p): try p.encode(to: encoder)
        case .clientConnected(let p), .clientDisconnected(let p): try p.encode(to: encoder)
        case .systemStarted(let p), .systemShutdown(let p): try p.encode(to: encoder)
        }
    }
}
