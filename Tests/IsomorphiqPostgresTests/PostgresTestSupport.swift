import Foundation
import IsomorphiqCore
import IsomorphiqPostgres
import IsomorphiqStore
import Logging
import Testing

/// The cluster `make test` starts (Tests/support/postgres.sh): `ISOMORPHIQ_TEST_DATABASE_URL`.
/// Each test gets a database of its own, made fresh from that server.
enum PostgresTestDatabase {
    static let baseURL = ProcessInfo.processInfo.environment["ISOMORPHIQ_TEST_DATABASE_URL"]
    static var available: Bool { baseURL != nil }

    /// A new, empty database on the test server; its URL. `psql` is waited for without blocking
    /// a thread of the cooperative pool (two on this machine: blocking them starves other suites).
    static func make() async throws -> String {
        let base = try #require(baseURL.flatMap { URLComponents(string: $0) })
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = ["-h", base.host ?? "127.0.0.1", "-p", "\(base.port ?? 5432)", "-U", base.user ?? "isomorphiq", "-d", "postgres", "-qc", "CREATE DATABASE \(name)"]
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            psql.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try psql.run() } catch { continuation.resume(throwing: error) }
        }
        try #require(status == 0, "psql could not create a database")
        var url = base
        url.path = "/" + name
        return try #require(url.string)
    }

    static func open(_ url: String) async throws -> PostgresEventStore {
        var logger = Logger(label: "test.postgres")
        logger.logLevel = .warning
        return try await PostgresEventStore.open(try PostgresURL(url), logger: logger)
    }
}

/// Runs `body` with `count` stores on one fresh database (as `count` instances would have), then closes them.
func withSharedLog<T>(instances count: Int = 1, _ body: ([PostgresEventStore]) async throws -> T) async throws -> T {
    let url = try await PostgresTestDatabase.make()
    var stores: [PostgresEventStore] = []
    for _ in 0..<count { stores.append(try await PostgresTestDatabase.open(url)) }
    do {
        let result = try await body(stores)
        for store in stores { await store.close() }
        return result
    } catch {
        for store in stores { await store.close() }
        throw error
    }
}

/// Waits until `condition` holds (checked every 10 ms) or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while !(try await condition()) {
        guard clock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}
