import Foundation
import HTTPTypes
import Hummingbird
import IsomorphiqCore

extension HTTPField.Name {
    /// The log seq a response reflects: load with it, then follow `/ws?since=` from it.
    static let isomorphiqSeq = HTTPField.Name("X-Isomorphiq-Seq")!
}

/// JSON responses that say which log seq they reflect.
enum JSONResponse {
    /// `value` as JSON with `X-Isomorphiq-Seq: seq` and, unless given, `ETag: "seq"`.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, seq: Int64, etag: String? = nil, headers: HTTPFields = [:]) throws -> Response {
        let data = try JSONEncoder().encode(value)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.isomorphiqSeq] = String(seq)
        fields[.eTag] = "\"\(etag ?? String(seq))\""
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// `{"seq", "task"}`: one task and the log position it reflects.
struct TaskEnvelope: Encodable {
    var seq: Int64
    var task: TaskItem
}

/// `{"seq", "tasks"}`, for lists without paging.
struct TaskListEnvelope: Encodable {
    var seq: Int64
    var tasks: [TaskItem]
}

/// `{"seq", "events"}`.
struct EventListEnvelope: Encodable {
    var seq: Int64
    var firstSeq: Int64
    var events: [Event]
    /// The `after` for the next page, when this one was full.
    var nextAfter: Int64?
}
