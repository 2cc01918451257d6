import IsomorphiqCore
import IsomorphiqStore

/// A batch of events as the columns `isomorphiq_append` takes, one array per column (bound as
/// PostgreSQL arrays and unnested server-side: one statement for the whole batch). Each event's
/// JSON is read back before it is sent, as the SQLite writer does: the store never stores what its
/// reader would refuse.
struct PostgresRows {
    var ids: [String] = []
    var types: [String] = []
    /// `""` for none (the function stores NULL).
    var tasks: [String] = []
    var related: [String] = []
    var actors: [String] = []
    var stamps: [Int64] = []
    var payloads: [String] = []
    var versions: [Int32] = []
    /// Each event's `boardKeys`, space-separated (`key(_:)`).
    var touches: [String] = []

    init(_ events: [Event]) throws(StoreError) {
        for event in events {
            let unsequenced = event.sequenced(0)
            let json = EventCodec.encode(unsequenced)
            if let problem = json.withUnsafeBufferPointer(EventCodec.readBackProblem) {
                throw .notStored("event \(event.id.wire) (\(event.type.rawValue)) \(problem)")
            }
            ids.append(event.id.wire)
            types.append(event.type.rawValue)
            tasks.append(event.taskID?.wire ?? "")
            related.append(event.payload.relatedTaskID?.wire ?? "")
            actors.append(event.actor)
            stamps.append(Timestamp.milliseconds(event.timestamp))
            payloads.append(String(decoding: json, as: UTF8.self))
            versions.append(Int32(event.metadata.schemaVersion))
            touches.append(event.boardKeys.map(Self.key).joined(separator: " "))
        }
    }

    /// A `BoardKey` as stored in `touches` and passed as `reads`: the task id, or `~` and the id
    /// for the tasks that depend on it.
    static func key(_ key: BoardKey) -> String {
        switch key {
        case .task(let id): id.wire
        case .dependents(let id): "~" + id.wire
        }
    }
}
