import Foundation
@testable import IsomorphiqServer
import Logging
import Synchronization
import Testing

@Suite("Auth: token store")
struct TokenStoreTests {
    final class Reported: Sendable {
        let users = Mutex<Set<String>>([])
    }

    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("Tokens persist in tokens.json with mode 0600; revoked tokens stop working")
    func persist() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TokenStore.open(directory: dir)
        let local = try store.ensureLocalUser("alice")
        let bob = try store.add("bob")
        #expect(local.count == 64 && bob != local)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("tokens.json").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let reopened = try TokenStore.open(directory: dir)
        #expect(reopened.user(forToken: local) == AuthenticatedUser(name: "alice", admin: true))
        #expect(reopened.user(forToken: bob) == AuthenticatedUser(name: "bob", admin: false))
        #expect(try reopened.ensureLocalUser("alice") == local)
        #expect(reopened.admins == ["alice"])
        try reopened.revoke("bob")
        #expect(try TokenStore.open(directory: dir).user(forToken: bob) == nil)
    }

    @Test("An explicit token replaces the local user's; duplicates and bad names are refused")
    func rules() throws {
        let store = TokenStore.inMemory()
        let generated = try store.ensureLocalUser("alice")
        try store.ensureLocalUser("alice", token: "explicit-token-123456")
        #expect(store.user(forToken: generated) == nil)
        #expect(store.user(forToken: "explicit-token-123456")?.name == "alice")
        #expect(throws: TokenStoreError.self) { _ = try store.add("alice") }
        #expect(throws: TokenStoreError.self) { _ = try store.add("two words") }
        #expect(throws: TokenStoreError.self) { _ = try store.ensureLocalUser("carol", token: "short") }
        #expect(throws: TokenStoreError.self) { try store.revoke("nobody") }
    }

    @Test("Two stores on one file (a `token` command and a server) never undo each other; the loser of a token is reported")
    func sharedFile() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try TokenStore.open(directory: dir)
        try server.ensureLocalUser("alice")
        let bob = try server.add("bob")
        let reported = Reported()
        server.onRevocation { users in reported.users.withLock { $0.formUnion(users) } }

        let command = try TokenStore.open(directory: dir)
        let carol = try command.add("carol")
        try command.revoke("bob")
        // The server has not reloaded yet, but its own next change starts from the file: carol stays, bob stays gone.
        _ = try server.add("dave")
        let fresh = try TokenStore.open(directory: dir)
        #expect(fresh.user(forToken: carol)?.name == "carol")
        #expect(fresh.user(forToken: bob) == nil)
        #expect(fresh.list().map(\.user) == ["alice", "carol", "dave"])
        #expect(server.user(forToken: bob) == nil)
        #expect(reported.users.withLock { $0 } == ["bob"])
        #expect(try server.reload().isEmpty)
    }

    @Test("The watcher reloads the server's store when another process replaces tokens.json")
    func watcherReloads() async throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try TokenStore.open(directory: dir)
        let bob = try server.add("bob")
        let watcher = try #require(TokenFileWatcher.start(server, logger: .init(label: "test")))
        try TokenStore.open(directory: dir).revoke("bob")
        #expect(await eventually(timeout: .seconds(2)) { server.user(forToken: bob) == nil })
        let erin = try TokenStore.open(directory: dir).add("erin")
        #expect(await eventually(timeout: .seconds(2)) { server.user(forToken: erin) != nil })
        await watcher.stop()
        await watcher.stop()
    }

    @Test("A tokens.json that cannot be read says so (not 'cannot save'); a reload keeps the tokens in force")
    func unreadableFile() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try TokenStore.open(directory: dir)
        let bob = try server.add("bob")
        let file = dir.appendingPathComponent("tokens.json")
        try Data("{not json".utf8).write(to: file)
        do {
            _ = try TokenStore.open(directory: dir)
            Issue.record("a garbled file was read")
        } catch {
            #expect(error.description.hasPrefix("cannot read the tokens: \(file.path)"), "\(error)")
        }
        #expect(throws: TokenStoreError.self) { try server.reload() }
        #expect(server.user(forToken: bob)?.name == "bob")
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
        #expect(throws: TokenStoreError.self) { _ = try TokenStore.open(directory: dir) }
    }

    @Test("Bad-message budget: more than the limit within the window is exhausted; old ones expire")
    func budget() {
        var budget = BadInputBudget(limit: 3, window: .seconds(10))
        let start = ContinuousClock.now
        let results = [0, 1, 2, 3].map { budget.record(at: start + .seconds($0)) }
        #expect(results == [true, true, true, false])
        var fresh = BadInputBudget(limit: 3, window: .seconds(10))
        for second in [0, 1, 2] { _ = fresh.record(at: start + .seconds(second)) }
        let later = fresh.record(at: start + .seconds(11))
        #expect(later)
    }
}
