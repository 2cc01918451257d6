public import IsomorphiqCore
public import Foundation

/// Why a call to a remote instance failed: the server's refusal (by its error code and HTTP
/// status) or the network's. The CLI maps `kind` to an exit code; the remote UI turns it into a
/// `TaskServiceError` (`serviceError`).
public struct TaskAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case validation, notFound, forbidden, unauthorized, conflict, rejected
        /// The server cannot be reached, or said 5xx.
        case unavailable
        /// The server answered something this client does not understand.
        case badResponse
    }

    public var kind: Kind
    public var message: String
    /// The HTTP status, when there was a response.
    public var status: Int?
    public var field: String?
    /// For conflicts: the task's version now.
    public var currentVersion: Int?

    public init(_ kind: Kind, _ message: String, status: Int? = nil, field: String? = nil, currentVersion: Int? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.field = field
        self.currentVersion = currentVersion
    }

    public var description: String { message }

    /// The error of a non-2xx response: `{"error": {"code", "message", "details"}}`, else by status.
    public static func from(status: Int, body: Data) -> TaskAPIError {
        let error = (try? JSONDecoder().decode(Body.self, from: body))?.error
        let found = error.flatMap { Self.kind(code: $0.code) } ?? Self.kind(status: status)
        let message = error?.message ?? "the server answered HTTP \(status)"
        return TaskAPIError(found, message, status: status, field: error?.details?.field, currentVersion: error?.details?.currentVersion)
    }

    static func kind(code: String) -> Kind? {
        switch code {
        case "validation", "bad_request", "payload_too_large", "unsupported_media_type": .validation
        case "notFound", "not_found": .notFound
        case "forbidden": .forbidden
        case "unauthorized": .unauthorized
        case "conflict": .conflict
        case "rejected": .rejected
        case "unavailable": .unavailable
        default: nil
        }
    }

    static func kind(status: Int) -> Kind {
        switch status {
        case 400, 413, 415, 422: .validation
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 409, 412: .conflict
        case 429: .rejected
        case 500...599: .unavailable
        default: .badResponse
        }
    }

    /// The same failure as the task service would report it.
    public var serviceError: TaskServiceError {
        let code: TaskServiceError.Code =
            switch kind {
            case .validation: .validation
            case .notFound: .notFound
            case .forbidden, .unauthorized: .forbidden
            case .conflict: .conflict
            case .rejected: .rejected
            case .unavailable, .badResponse: .unavailable
            }
        return TaskServiceError(code, message, field: field, currentVersion: currentVersion)
    }

    private struct Body: Decodable {
        struct Details: Decodable {
            var field: String?
            var currentVersion: Int?
        }
        struct Inner: Decodable {
            var code: String
            var message: String
            var details: Details?
        }
        var error: Inner
    }
}
