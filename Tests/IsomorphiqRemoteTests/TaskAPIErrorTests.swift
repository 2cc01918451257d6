import Foundation
import IsomorphiqCore
import IsomorphiqRemote
import Testing

@Suite("REST client error mapping")
struct TaskAPIErrorTests {
    @Test(arguments: [
        (400, #"{"error":{"code":"validation","message":"title is required","details":{"field":"title"}}}"#, TaskAPIError.Kind.validation),
        (400, #"{"error":{"code":"bad_request","message":"bad JSON","details":{}}}"#, .validation),
        (404, #"{"error":{"code":"notFound","message":"no task","details":{}}}"#, .notFound),
        (404, #"{"error":{"code":"not_found","message":"no such route","details":{}}}"#, .notFound),
        (403, #"{"error":{"code":"forbidden","message":"no","details":{}}}"#, .forbidden),
        (401, #"{"error":{"code":"unauthorized","message":"token","details":{}}}"#, .unauthorized),
        (409, #"{"error":{"code":"conflict","message":"v3","details":{"currentVersion":3}}}"#, .conflict),
        (429, #"{"error":{"code":"rejected","message":"slow down","details":{}}}"#, .rejected),
        (503, #"{"error":{"code":"unavailable","message":"store","details":{}}}"#, .unavailable),
        (502, "<html>bad gateway</html>", .unavailable),
        (409, "", .conflict),
        (418, "", .badResponse),
    ])
    func statusAndCodeMapToAKind(status: Int, body: String, kind: TaskAPIError.Kind) {
        #expect(TaskAPIError.from(status: status, body: Data(body.utf8)).kind == kind)
    }

    @Test func conflictKeepsTheCurrentVersionAndField() {
        let conflict = TaskAPIError.from(status: 409, body: Data(#"{"error":{"code":"conflict","message":"at v3","details":{"currentVersion":3}}}"#.utf8))
        #expect(conflict.currentVersion == 3)
        #expect(conflict.serviceError.code == .conflict)
        #expect(conflict.serviceError.currentVersion == 3)
        let invalid = TaskAPIError.from(status: 400, body: Data(#"{"error":{"code":"validation","message":"x","details":{"field":"title"}}}"#.utf8))
        #expect(invalid.serviceError.field == "title")
        #expect(TaskAPIError(.unauthorized, "x").serviceError.code == .forbidden)
    }

    @Test func commandsBecomeBatchOperationsWithTheirVersion() throws {
        let id = UUID()
        let body = BatchOperation.body([
            TaskCommand(.setStatus(id, .done), expectedVersion: 4),
            TaskCommand(.assign(id, nil)),
            TaskCommand(.update(id, TaskPatch(description: .some(nil)))),
        ])
        let operations = body["operations"]
        guard case .array(let list)? = operations else { Issue.record("no operations"); return }
        #expect(list[0]["action"] == .string("update"))
        #expect(list[0]["status"] == .string("done"))
        #expect(list[0]["expectedVersion"] == .number(4))
        #expect(list[1]["assignedTo"] == .null)
        #expect(list[2]["description"] == .null)
    }
}
