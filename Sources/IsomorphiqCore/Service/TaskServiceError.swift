/// Why a command failed. The server maps `code` to an HTTP status, the CLI to an exit code.
public struct TaskServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        /// The command breaks a rule: a field, a transition, a dependency.
        case validation
        case notFound
        /// The acting user may not do this.
        case forbidden
        /// The task is not at the version the caller expected.
        case conflict
        /// A middleware refused the event (rate limit, filter, validation).
        case rejected
        /// The store or the pipeline could not take the change now.
        case unavailable
    }

    public let code: Code
    public let message: String
    /// The field at fault, for validation errors.
    public var field: String?
    /// For conflicts: the task's current version.
    public var currentVersion: Int?
    /// For rate limits: when to retry.
    public var retryAfter: Duration?

    public init(_ code: Code, _ message: String, field: String? = nil, currentVersion: Int? = nil, retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.currentVersion = currentVersion
        self.retryAfter = retryAfter
    }

    public static func validation(_ message: String, field: String? = nil) -> Self { .init(.validation, message, field: field) }
    public static func notFound(_ id: TaskID) -> Self { .init(.notFound, "no task \(id.wire)") }
    public static func forbidden(_ message: String) -> Self { .init(.forbidden, message) }
    public static func conflict(expected: Int, current: Int) -> Self {
        .init(.conflict, "the task is at version \(current), not \(expected): someone changed it", currentVersion: current)
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
