import Hummingbird
import NIOCore

/// Reads a JSON request body at the edge: the right media type (415), within the size limit
/// (413), valid JSON (400).
enum RequestBody {
    static func json(_ request: Request, limit: Int) async throws -> JSONObjectReader {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") || (type.hasPrefix("application/") && type.contains("+json")) else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "send the body as application/json")
        }
        var buffer = ByteBuffer()
        for try await chunk in request.body {
            guard buffer.readableBytes + chunk.readableBytes <= limit else {
                throw APIError(.contentTooLarge, code: "payload_too_large", message: "the body is larger than \(limit) bytes")
            }
            var chunk = chunk
            buffer.writeBuffer(&chunk)
        }
        return try JSONObjectReader.parse(buffer.readableBytesView)
    }
}
