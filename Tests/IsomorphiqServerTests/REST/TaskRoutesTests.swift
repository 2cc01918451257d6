import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IsomorphiqCore
@testable import IsomorphiqServer
import Testing

@Suite("REST: tasks")
struct TaskRoutesTests {
    @Test("POST /api/tasks creates, answers 201 with Location, and records the token's user")
    func create() async throws {
        let fixture = try TestServer()
        try await fixture.server.makeApplication().test(.router) { client in
            let response = try await client.call(.post, "/api/tasks", token: TestServer.bobToken, json: #"{"title":"Write docs","priority":"high","tags":["docs"]}"#)
            #expect(response.status == .created)
            let id = try #require(response.json?["task"]?["id"]?.stringValue)
            #expect(response.headers[.location] == "/api/tasks/\(id)")
            #expect(response.json?["task"]?["createdBy"]?.stringValue == "bob")
            #expect(response.json?["seq"]?.int == 1)
            #expect(response.headers[.isomorphiqSeq] == "1")
            #expect(fixture.bus.board.count == 1)
        }
    }

    @Test("GET /api/tasks filters, sorts and pages, and carries the seq it reflects")
    func list() async throws {
        let fixture = try TestServer()
        for (index, priority) in [TaskPriority.low, .high, .medium, .high].enumerated() {
            try await fixture.createTask("task \(index)", priority: priority)
        }
        try await fixture.server.makeApplication().test(.router) { client in
            let high = try await client.call(.get, "/api/tasks?priority=high")
            #expect(high.status == .ok)
            #expect(high.json?["tasks"]?.array?.count == 2)
            #expect(high.json?["seq"]?.int == 4)
            #expect(high.headers[.eTag] == "\"4\"")

            let first = try await client.call(.get, "/api/tasks?sort=-priority&limit=3")
            let titles = first.json?["tasks"]?.array?.compactMap { $0["priority"]?.stringValue }
            #expect(titles == ["high", "high", "medium"])
            let cursor = try #require(first.json?["nextCursor"]?.stringValue)
            let second = try await client.call(.get, "/api/tasks?sort=-priority&limit=3&cursor=\(cursor)")
            #expect(second.json?["tasks"]?.array?.count == 1)
            #expect(second.json?["nextCursor"] == JSONValue.null || second.json?["nextCursor"] == nil)

            let text = try await client.call(.get, "/api/tasks?text=TASK%202")
            #expect(text.json?["tasks"]?.array?.count == 1)

            // A cursor past every task, even past Int.max (found by schemathesis), is an empty page.
            let beyond = try await client.call(.get, "/api/tasks?cursor=500061501099416689765180")
            #expect(beyond.status == .ok)
            #expect(beyond.json?["tasks"]?.array?.count == 0)
        }
    }

    @Test("GET /api/tasks?q= takes the TUI's filter language; @me is the caller; a bad term is a 400 naming it")
    func queryLanguage() async throws {
        let fixture = try TestServer()
        try await fixture.server.makeApplication().test(.router) { client in
            for body in [
                #"{"title":"Fix login","priority":"high","tags":["backend"],"assignedTo":"alice"}"#,
                #"{"title":"Write docs","priority":"low","tags":["docs"],"assignedTo":"bob"}"#,
                #"{"title":"Fix logout","priority":"high","tags":["backend"]}"#,
            ] {
                #expect(try await client.call(.post, "/api/tasks", json: body).status == .created)
            }
            func titles(_ q: String, token: String = TestServer.aliceToken) async throws -> [String] {
                let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
                let response = try await client.call(.get, "/api/tasks?sort=title&q=\(encoded)", token: token)
                #expect(response.status == .ok)
                return response.json?["tasks"]?.array?.compactMap { $0["title"]?.stringValue } ?? []
            }
            #expect(try await titles("priority:high +backend") == ["Fix login", "Fix logout"])
            #expect(try await titles("@me") == ["Fix login"])
            #expect(try await titles("@me", token: TestServer.bobToken) == ["Write docs"])
            #expect(try await titles("@none fix") == ["Fix logout"])
            #expect(try await titles("-+backend") == ["Write docs"])
            let bad = try await client.call(.get, "/api/tasks?q=colour:red")
            #expect(bad.status == .badRequest)
            #expect(bad.json?["error"]?["message"]?.stringValue?.contains("colour:red") == true)
        }
    }

    @Test("PATCH honours If-Match: a stale version is 409 and changes nothing")
    func ifMatch() async throws {
        let fixture = try TestServer()
        let task = try await fixture.createTask("draft")
        try await fixture.server.makeApplication().test(.router) { client in
            let ok = try await client.call(.patch, "/api/tasks/\(task.id.wire)", json: #"{"title":"final"}"#, headers: [.ifMatch: "\"1\""])
            #expect(ok.status == .ok)
            #expect(ok.headers[.eTag] == "\"2\"")
            let stale = try await client.call(.patch, "/api/tasks/\(task.id.wire)", json: #"{"title":"again"}"#, headers: [.ifMatch: "1"])
            #expect(stale.status == .conflict)
            #expect(stale.errorCode == "conflict")
            #expect(stale.json?["error"]?["details"]?["currentVersion"]?.int == 2)
            #expect(fixture.bus.board[task.id]?.title == "final")
        }
    }

    @Test("The seed's PUT routes change one field each, and DELETE removes")
    func fieldRoutes() async throws {
        let fixture = try TestServer()
        let task = try await fixture.createTask("field routes")
        let other = try await fixture.createTask("dependency")
        try await fixture.server.makeApplication().test(.router) { client in
            let base = "/api/tasks/\(task.id.wire)"
            #expect(try await client.call(.put, base + "/status", json: #"{"status":"in-progress"}"#).status == .ok)
            #expect(try await client.call(.put, base + "/priority", json: #"{"priority":"high"}"#).status == .ok)
            #expect(try await client.call(.put, base + "/assign", json: #"{"assignedTo":"bob"}"#).status == .ok)
            #expect(try await client.call(.put, base + "/collaborators", json: #"{"add":["carol"]}"#).status == .ok)
            #expect(try await client.call(.put, base + "/watchers", json: #"{"add":["dave"]}"#).status == .ok)
            #expect(try await client.call(.put, base + "/dependencies", json: #"{"add":["\#(other.id.wire)"]}"#).status == .ok)
            let updated = try #require(fixture.bus.board[task.id])
            #expect(updated.status == .inProgress && updated.priority == .high && updated.assignedTo == "bob")
            #expect(updated.collaborators == ["carol"] && updated.watchers == ["dave"] && updated.dependencies == [other.id])

            // Deleting a task another depends on first removes that edge, in the same commit.
            let detached = try await client.call(.delete, "/api/tasks/\(other.id.wire)")
            #expect(detached.status == .ok)
            #expect(fixture.bus.board[task.id]?.dependencies.isEmpty == true)
            #expect(try await client.call(.delete, base).status == .ok)
            #expect(try await client.call(.get, base).status == .notFound)
            let history = try await client.call(.get, base + "/events")
            #expect(history.json?["events"]?.array?.compactMap { $0["type"]?.stringValue }.suffix(2) == ["task_dependency_removed", "task_deleted"])
            #expect(history.json?["events"]?.array?.count == 9)
        }
    }

    @Test("POST /api/tasks/batch is atomic: one bad operation stores nothing")
    func batch() async throws {
        let fixture = try TestServer()
        try await fixture.server.makeApplication().test(.router) { client in
            let good = try await client.call(.post, "/api/tasks/batch", json: #"{"operations":[{"action":"create","title":"a"},{"action":"create","title":"b"}]}"#)
            #expect(good.status == .ok)
            #expect(good.json?["events"]?.array?.count == 2)
            let missing = UUID().uuidString
            let bad = try await client.call(.post, "/api/tasks/batch", json: #"{"operations":[{"action":"create","title":"c"},{"action":"delete","id":"\#(missing)"}]}"#)
            #expect(bad.status == .notFound)
            #expect(fixture.bus.board.count == 2)
        }
    }

    @Test("Derived views are reachable, not shadowed by {id}")
    func derivedViews() async throws {
        let fixture = try TestServer()
        let first = try await fixture.createTask("first")
        let second = try await fixture.createTask("second")
        _ = try await fixture.service.handle(TaskCommand(.addDependency(second.id, dependsOn: first.id)), as: EventContext(userId: "alice", source: "test"))
        try await fixture.server.makeApplication().test(.router) { client in
            let available = try await client.call(.get, "/api/tasks/available")
            #expect(available.status == .ok)
            #expect(available.json?["tasks"]?.array?.compactMap { $0["title"]?.stringValue } == ["first"])
            let blocking = try await client.call(.get, "/api/tasks/blocking")
            #expect(blocking.json?["tasks"]?.array?.compactMap { $0["title"]?.stringValue } == ["first"])
            let path = try await client.call(.get, "/api/tasks/critical-path")
            #expect(path.json?["tasks"]?.array?.compactMap { $0["title"]?.stringValue } == ["first", "second"])
            #expect(try await client.call(.get, "/api/queue").status == .ok)
        }
    }

    @Test("GET /api/events pages the log from a seq, filtered by type")
    func events() async throws {
        let fixture = try TestServer()
        let task = try await fixture.createTask("one")
        try await fixture.createTask("two")
        _ = try await fixture.service.handle(TaskCommand(.setStatus(task.id, .done)), as: EventContext(userId: "alice", source: "test"))
        try await fixture.server.makeApplication().test(.router) { client in
            let all = try await client.call(.get, "/api/events?after=1")
            #expect(all.json?["events"]?.array?.compactMap { $0["seq"]?.int } == [2, 3])
            let typed = try await client.call(.get, "/api/events?types=task_status_changed")
            #expect(typed.json?["events"]?.array?.count == 1)
            let page = try await client.call(.get, "/api/events?limit=2")
            #expect(page.json?["nextAfter"]?.int == 2)
        }
    }
}
