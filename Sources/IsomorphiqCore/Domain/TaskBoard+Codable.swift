import Foundation

/// A board's JSON form, as snapshots store it: `{"lastSeq": N, "tasks": [...]}`, tasks sorted by id
/// so that equal boards encode to equal bytes.
extension TaskBoard: Codable {
    enum CodingKeys: String, CodingKey {
        case lastSeq, tasks
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(tasks: try c.decode([TaskItem].self, forKey: .tasks), lastSeq: try c.decode(Int64.self, forKey: .lastSeq))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lastSeq, forKey: .lastSeq)
        try c.encode(tasks.values.sorted { $0.id.uuidString < $1.id.uuidString }, forKey: .tasks)
    }
}
