import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IsomorphiqCore
@testable import IsomorphiqServer
import Testing

@Suite("REST: bad input and errors")
struct ErrorTableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var token: String? = TestServer.aliceToken
        var body: String?
        var contentType: String?
        var status: HTTPResponse.Status
        var code: String
        var testDescription: String { name }
    }

    static let existing = UUID(uuidString: "00000000-0000-0000-0000-0000000000aa")!

    static let cases: [Case] = [
        Case(name: "no token", method: .get, path: "/api/tasks", token: nil, status: .unauthorized, code: "unauthorized"),
        Case(name: "unknown token", method: .get, path: "/api/tasks", token: "nope-nope-nope-nope", status: .unauthorized, code: "unauthorized"),
        Case(name: "malformed JSON", method: .post, path: "/api/tasks", body: "{\"title\":", status: .badRequest, code: "bad_request"),
        Case(name: "not an object", method: .post, path: "/api/tasks", body: "[1,2]", status: .badRequest, code: "bad_request"),
        Case(name: "missing title", method: .post, path: "/api/tasks", body: "{}", status: .badRequest, code: "bad_request"),
        Case(name: "empty title", method: .post, path: "/api/tasks", body: #"{"title":"  "}"#, status: .badRequest, code: "validation"),
        Case(name: "wrong type", method: .post, path: "/api/tasks", body: #"{"title":5}"#, status: .badRequest, code: "bad_request"),
        Case(name: "unknown field", method: .post, path: "/api/tasks", body: #"{"title":"x","colour":"red"}"#, status: .badRequest, code: "bad_request"),
        Case(name: "bad status", method: .put, path: "/api/tasks/\(existing.uuidString)/status", body: #"{"status":"doing"}"#, status: .badRequest, code: "bad_request"),
        Case(name: "bad task id", method: .get, path: "/api/tasks/not-a-uuid", status: .badRequest, code: "bad_request"),
        Case(name: "missing task", method: .get, path: "/api/tasks/\(UUID().uuidString)", status: .notFound, code: "not_found"),
        Case(name: "no such route", method: .get, path: "/api/nothing", status: .notFound, code: "not_found"),
        Case(name: "wrong media type", method: .post, path: "/api/tasks", body: "title=x", contentType: "application/x-www-form-urlencoded", status: .unsupportedMediaType, code: "unsupported_media_type"),
        Case(name: "body over 1 MiB", method: .post, path: "/api/tasks", body: #"{"title":""# + String(repeating: "x", count: 1 << 20) + #""}"#, status: .contentTooLarge, code: "payload_too_large"),
        Case(name: "forbidden delete", method: .delete, path: "/api/tasks/\(existing.uuidString)", token: TestServer.bobToken, status: .forbidden, code: "forbidden"),
        Case(name: "bad If-Match", method: .patch, path: "/api/tasks/\(existing.uuidString)", body: #"{"title":"y"}"#, status: .badRequest, code: "bad_request"),
        Case(name: "empty patch", method: .patch, path: "/api/tasks/\(existing.uuidString)", body: "{}", status: .badRequest, code: "bad_request"),
        Case(name: "bad limit", method: .get, path: "/api/tasks?limit=0", status: .badRequest, code: "bad_request"),
        Case(name: "bad sort", method: .get, path: "/api/tasks?sort=colour", status: .badRequest, code: "bad_request"),
        Case(name: "bad cursor", method: .get, path: "/api/tasks?cursor=zzz", status: .badRequest, code: "bad_request"),
        Case(name: "bad event type", method: .get, path: "/api/events?types=task_exploded", status: .badRequest, code: "bad_request"),
        Case(name: "bad after", method: .get, path: "/api/events?after=-3", status: .badRequest, code: "bad_request"),
        Case(name: "empty batch", method: .post, path: "/api/tasks/batch", body: #"{"operations":[]}"#, status: .badRequest, code: "bad_request"),
        Case(name: "ws without upgrade", method: .get, path: "/ws", status: .upgradeRequired, code: "upgrade_required"),
        Case(name: "known path, other method", method: .post, path: "/api/tasks/\(existing.uuidString)/events", status: .methodNotAllowed, code: "method_not_allowed"),
        Case(name: "ESC in a title", method: .post, path: "/api/tasks", body: #"{"title":"x\u001b[2Jy"}"#, status: .badRequest, code: "validation"),
        Case(name: "NUL in a title", method: .post, path: "/api/tasks", body: #"{"title":"x\u0000y"}"#, status: .badRequest, code: "validation"),
        Case(name: "C1 control in a title", method: .post, path: "/api/tasks", body: #"{"title":"x\u009by"}"#, status: .badRequest, code: "validation"),
        Case(name: "ESC in a description", method: .post, path: "/api/tasks", body: #"{"title":"x","description":"a\nb\u001b]0;owned\u0007"}"#, status: .badRequest, code: "validation"),
        Case(name: "ESC in a patched title", method: .patch, path: "/api/tasks/\(existing.uuidString)", body: #"{"title":"\u001b[31mred"}"#, status: .badRequest, code: "validation"),
        Case(name: "due in year 0000", method: .post, path: "/api/tasks", body: #"{"title":"x","due":"0000-01-01T00:00:00Z"}"#, status: .badRequest, code: "bad_request"),
        Case(name: "due after 9999", method: .post, path: "/api/tasks", body: #"{"title":"x","due":"9999-12-31T23:30:00-01:00"}"#, status: .badRequest, code: "bad_request"),
        Case(name: "due on February 30th", method: .post, path: "/api/tasks", body: #"{"title":"x","due":"2026-02-30"}"#, status: .badRequest, code: "bad_request"),
        Case(name: "due at hour 25", method: .post, path: "/api/tasks", body: #"{"title":"x","due":"2026-11-30T25:00:00Z"}"#, status: .badRequest, code: "bad_request"),
        Case(name: "due at second 60", method: .post, path: "/api/tasks", body: #"{"title":"x","due":"2026-11-30T23:59:60Z"}"#, status: .badRequest, code: "bad_request"),
        Case(name: "patched due on 2026-02-29", method: .patch, path: "/api/tasks/\(existing.uuidString)", body: #"{"due":"2026-02-29T00:00:00Z"}"#, status: .badRequest, code: "bad_request"),
        Case(name: "query token on a REST write", method: .post, path: "/api/tasks?token=\(TestServer.aliceToken)", token: nil, body: #"{"title":"x"}"#, status: .unauthorized, code: "unauthorized"),
        Case(name: "query token on a REST read", method: .get, path: "/api/tasks?token=\(TestServer.aliceToken)", token: nil, status: .unauthorized, code: "unauthorized"),
        Case(name: "existing id", method: .post, path: "/api/tasks", body: #"{"id":"\#(existing.uuidString)","title":"again"}"#, status: .conflict, code: "validation"),
    ]

    @Test("Each bad request gets its status and a JSON error; nothing reaches the board", arguments: cases)
    func badInput(_ c: Case) async throws {
        let fixture = try TestServer()
        _ = try await fixture.service.handle(TaskCommand(.create(NewTask(id: Self.existing, title: "alice's"))), as: EventContext(userId: "alice", source: "test"))
        try await fixture.server.makeApplication().test(.router) { client in
            var headers: HTTPFields = [:]
            if let type = c.contentType { headers[.contentType] = type }
            if c.name == "bad If-Match" { headers[.ifMatch] = "soon" }
            let response = try await client.call(c.method, c.path, token: c.token, json: c.body, headers: headers)
            #expect(response.status == c.status, "\(c.name): \(response.text.prefix(200))")
            #expect(response.errorCode == c.code, "\(c.name): \(response.text.prefix(200))")
            #expect(response.json?["error"]?["message"]?.stringValue?.isEmpty == false)
        }
        #expect(fixture.bus.board.count == 1)
        #expect(fixture.bus.board.lastSeq == 1)
    }

    @Test("A due date may be a plain day (midnight UTC) and comes back in the wire form; a bad one names the field")
    func dueDates() async throws {
        let fixture = try TestServer()
        try await fixture.server.makeApplication().test(.router) { client in
            let created = try await client.call(.post, "/api/tasks", json: #"{"title":"x","due":"2026-12-05"}"#)
            #expect(created.status == .created)
            #expect(created.json?["task"]?["due"]?.stringValue == "2026-12-05T00:00:00.000Z")
            let offset = try await client.call(.post, "/api/tasks", json: #"{"title":"y","due":"2026-12-05T01:30:00+02:00"}"#)
            #expect(offset.json?["task"]?["due"]?.stringValue == "2026-12-04T23:30:00.000Z")
            let refused = try await client.call(.post, "/api/tasks", json: #"{"title":"z","due":"2026-02-30"}"#)
            #expect(refused.json?["error"]?["details"]?["field"]?.stringValue == "due", "\(refused.text)")
        }
        #expect(fixture.bus.board.count == 2)
    }

    @Test("A rate-limiting middleware's refusal is 429 with Retry-After")
    func rateLimited() async throws {
        let fixture = try TestServer()
        fixture.bus.use(ClosureMiddleware(name: "rate-limit") { event, _ in
            throw EventRejection(middleware: "rate-limit", reason: "slow down", retryAfter: .milliseconds(1500))
        })
        try await fixture.server.makeApplication().test(.router) { client in
            let response = try await client.call(.post, "/api/tasks", json: #"{"title":"x"}"#)
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "2")
            #expect(response.errorCode == "rejected")
        }
    }

    @Test("A pipeline that cannot take the change is 503")
    func unavailable() async throws {
        let fixture = try TestServer()
        fixture.bus.use(ClosureMiddleware(name: "store-down") { _, _ in throw CancellationError() })
        try await fixture.server.makeApplication().test(.router) { client in
            let response = try await client.call(.post, "/api/tasks", json: #"{"title":"x"}"#)
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorCode == "unavailable")
        }
    }

    @Test("/health is open; /metrics and /api/metrics need the token and report figures")
    func systemRoutes() async throws {
        let fixture = try TestServer()
        try await fixture.createTask("counted")
        try await fixture.server.makeApplication().test(.router) { client in
            let health = try await client.call(.get, "/health", token: nil)
            #expect(health.status == .ok)
            #expect(health.json?["status"]?.stringValue == "ok")
            #expect(try await client.call(.get, "/metrics", token: nil).status == .unauthorized)
            let prometheus = try await client.call(.get, "/metrics")
            #expect(prometheus.text.contains("isomorphiq_bus_published_total 1"))
            #expect(prometheus.text.contains("# TYPE isomorphiq_ws_connections gauge"))
            let json = try await client.call(.get, "/api/metrics")
            #expect(json.json?["bus"]?["published"]?.int == 1)
            #expect(json.json?["server"]?["connections"]?.int == 0)
        }
    }
}
