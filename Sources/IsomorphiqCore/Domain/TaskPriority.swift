/// How urgent a task is. Ordered `low < medium < high`; `medium` is the default.
public enum TaskPriority: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case low
    case medium
    case high

    public static let `default`: TaskPriority = .medium

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: TaskPriority, rhs: TaskPriority) -> Bool {
        lhs.rank < rhs.rank
    }

    /// One step up, or `nil` at the top.
    public var raised: TaskPriority? {
        switch self {
        case .low: .medium
        case .medium: .high
        case .high: nil
        }
    }

    /// One step down, or `nil` at the bottom.
    public var lowered: TaskPriority? {
        switch self {
        case .low: nil
        case .medium: .low
        case .high: .medium
        }
    }
}
