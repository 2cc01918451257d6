import Foundation
@testable import IsomorphiqServer
import Testing

@Suite("Auth: token store")
struct TokenStoreTests {
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
