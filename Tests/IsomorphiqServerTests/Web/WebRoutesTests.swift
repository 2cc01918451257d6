import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import IsomorphiqServer
import Testing

@Suite("Web page")
struct WebRoutesTests {
    @Test("GET / serves the page from Resources/, with or without a token (it asks for one); it holds no data, the API still refuses")
    func page() async throws {
        let fixture = try TestServer()
        try await fixture.createTask("a title only a token may read")
        try await fixture.server.makeApplication().test(.router) { client in
            let page = try await client.call(.get, "/?token=\(TestServer.aliceToken)", token: nil)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("new WebSocket("))
            #expect(!page.text.contains("https://"))
            let open = try await client.call(.get, "/", token: nil)
            #expect(open.status == .ok, "the page must load to show its token prompt")
            #expect(!open.text.contains("a title only a token may read"))
            #expect(try await client.call(.get, "/api/tasks", token: nil).status == .unauthorized)
            #expect(try await client.call(.get, "/api/tasks?token=nope-not-a-token-000", token: nil).status == .unauthorized)
        }
    }

    @Test("The resources directory is found from ISOMORPHIQ_RESOURCES, else by walking up")
    func locator() throws {
        let found = try #require(ResourceLocator.find(environment: [:]))
        #expect(FileManager.default.fileExists(atPath: found.appendingPathComponent("web/index.html").path))
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("res-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary.appendingPathComponent("web"), withIntermediateDirectories: true)
        try Data("<html></html>".utf8).write(to: temporary.appendingPathComponent("web/index.html"))
        defer { try? FileManager.default.removeItem(at: temporary) }
        let chosen = ResourceLocator.find(environment: ["ISOMORPHIQ_RESOURCES": temporary.path])
        #expect(chosen?.resolvingSymlinksInPath().path.trimmingCharacters(in: ["/"]) == temporary.resolvingSymlinksInPath().path.trimmingCharacters(in: ["/"]))
    }
}
