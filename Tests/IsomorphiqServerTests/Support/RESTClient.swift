import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IsomorphiqCore
import NIOCore

/// Small helpers over Hummingbird's test client.
extension TestClientProtocol {
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = TestServer.aliceToken, json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var json: JSONValue? { JSON.parse(String(buffer: body)) }
    var errorCode: String? { json?["error"]?["code"]?.stringValue }
    var text: String { String(buffer: body) }
}
