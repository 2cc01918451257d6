import Foundation
import HTTPTypes
import Hummingbird
import IsomorphiqCore

/// An error as the API reports it: `{"error": {"code", "message", "details"}}` with a status.
///
/// Only the server maps errors to statuses, here and in `APIError+Mapping`.
struct APIError: HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var details: [String: JSONValue]
    var headers: HTTPFields

    init(_ status: HTTPResponse.Status, code: String, message: String, details: [String: JSONValue] = [:], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    static func badRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, code: "bad_request", message: message, details: field.map { ["field": .string($0)] } ?? [:])
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message: message) }

    static let unauthorized = APIError(
        .unauthorized, code: "unauthorized", message: "a bearer token is required (Authorization: Bearer TOKEN, or ?token=TOKEN)",
        headers: [.wwwAuthenticate: "Bearer realm=\"isomorphiq\""])

    static let tokenRejected = APIError(
        .unauthorized, code: "unauthorized",
        message: "the token is not valid here: mistyped, revoked, or from another instance (`isomorphiq-tui token show` on the server prints yours)",
        headers: [.wwwAuthenticate: "Bearer realm=\"isomorphiq\", error=\"invalid_token\""])

    /// 401 for a request that carried `token` (`nil`: none) which matched no user.
    static func unauthorized(token: String?) -> APIError { token == nil ? unauthorized : tokenRejected }

    /// The JSON body.
    var body: JSONValue {
        var error: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        error["details"] = .object(details)
        return .object(["error": .object(error)])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = (try? JSONEncoder().encode(body)) ?? Data()
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
