import Foundation
import HTTPTypes
import Hummingbird
import IsomorphiqCore

extension APIError {
    /// The status for each task service failure.
    init(_ error: TaskServiceError) {
        var details: [String: JSONValue] = [:]
        if let field = error.field { details["field"] = .string(field) }
        if let version = error.currentVersion { details["currentVersion"] = .number(Double(version)) }
        var headers: HTTPFields = [:]
        let status: HTTPResponse.Status
        switch error.code {
        case .validation: status = error.field == "id" ? .conflict : .badRequest  // an id that exists already
        case .notFound: status = .notFound
        case .forbidden: status = .forbidden
        case .conflict: status = .conflict
        case .rejected:
            if let retry = error.retryAfter {
                status = .tooManyRequests
                let seconds = max(1, Int((Double(retry.components.seconds) + Double(retry.components.attoseconds) / 1e18).rounded(.up)))
                headers[.retryAfter] = String(seconds)
                details["retryAfterSeconds"] = .number(Double(seconds))
            } else {
                status = .badRequest
            }
        case .unavailable: status = .serviceUnavailable
        }
        self.init(status, code: error.code == .notFound ? "not_found" : error.code.rawValue, message: error.message, details: details, headers: headers)
    }

    init(_ error: InputError) {
        self = .badRequest(error.message, field: error.field)
    }

    /// Any error a route or Hummingbird throws, as the API reports it.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as TaskServiceError: return APIError(error)
        case let error as InputError: return APIError(error)
        case let error as HTTPError:
            let code: String =
                switch error.status {
                case .contentTooLarge: "payload_too_large"
                case .notFound: "not_found"
                case .methodNotAllowed: "method_not_allowed"
                case .unsupportedMediaType: "unsupported_media_type"
                case .badRequest: "bad_request"
                default: "http_\(error.status.code)"
                }
            let message = error.body ?? (error.status == .notFound ? "no such route" : error.status.reasonPhrase)
            return APIError(error.status, code: code, message: message, headers: error.headers)
        default:
            return APIError(.internalServerError, code: "internal", message: "the server failed: \(error)")
        }
    }
}
