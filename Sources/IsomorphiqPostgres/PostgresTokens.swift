public import Foundation
import IsomorphiqCore
import IsomorphiqStore
import Logging
import PostgresNIO

/// Tokens kept in the shared database (`isomorphiq_tokens`), so that a token added or revoked once
/// holds on every instance. Each change `NOTIFY`s `isomorphiq_tokens`; instances reload on it
/// (`changes()`), and a running server closes a revoked token's sockets as it does for a local file.
public struct PostgresTokens: Sendable {
    /// One user's token as the table holds it.
    public struct Record: Sendable, Hashable {
        public var user: String
        public var token: String
        public var admin: Bool
        public var createdAt: Date

        public init(user: String, token: String, admin: Bool, createdAt: Date) {
            self.user = user
            self.token = token
            self.admin = admin
            self.createdAt = createdAt
        }
    }

    let client: PostgresClient
    let logger: Logger
    let location: String

    public init(_ store: PostgresEventStore) {
        client = store.client
        logger = store.logger
        location = store.url.description
    }

    /// Every token, by user name.
    public func all() async throws -> [Record] {
        try await run("read the tokens") { client, logger in
            var records: [Record] = []
            let rows = try await client.query("SELECT user_name, token, admin, created_at FROM isomorphiq_tokens ORDER BY user_name", logger: logger)
            for try await (user, token, admin, created) in rows.decode((String, String, Bool, Int64).self) {
                records.append(Record(user: user, token: token, admin: admin, createdAt: Timestamp.date(milliseconds: created)))
            }
            return records
        }
    }

    /// Sets `record` (replacing the user's token, and taking the token from anyone else who had it).
    public func put(_ record: Record) async throws {
        try await run("save a token") { client, logger in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("DELETE FROM isomorphiq_tokens WHERE token = \(record.token) AND user_name <> \(record.user)", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO isomorphiq_tokens (user_name, token, admin, created_at)
                    VALUES (\(record.user), \(record.token), \(record.admin), \(Timestamp.milliseconds(record.createdAt)))
                    ON CONFLICT (user_name) DO UPDATE SET token = EXCLUDED.token, admin = EXCLUDED.admin
                    """, logger: logger)
                try await connection.query("SELECT pg_notify(\(PostgresSchema.tokenChannel), '')", logger: logger)
            }
        }
    }

    /// Adds `record`; `false` (nothing changed) when the user has a token already.
    public func add(_ record: Record) async throws -> Bool {
        try await run("add a token") { client, logger in
            var added = false
            let rows = try await client.query(
                """
                WITH added AS (
                    INSERT INTO isomorphiq_tokens (user_name, token, admin, created_at)
                    VALUES (\(record.user), \(record.token), \(record.admin), \(Timestamp.milliseconds(record.createdAt)))
                    ON CONFLICT (user_name) DO NOTHING RETURNING user_name
                )
                SELECT count(*) FROM added
                """, logger: logger)
            for try await count in rows.decode(Int64.self) { added = count > 0 }
            if added { try await client.query("SELECT pg_notify(\(PostgresSchema.tokenChannel), '')", logger: logger) }
            return added
        }
    }

    /// Removes `user`'s token; `false` when there was none.
    public func remove(_ user: String) async throws -> Bool {
        try await run("revoke a token") { client, logger in
            var removed = false
            let rows = try await client.query(
                "WITH gone AS (DELETE FROM isomorphiq_tokens WHERE user_name = \(user) RETURNING user_name) SELECT count(*) FROM gone", logger: logger)
            for try await count in rows.decode(Int64.self) { removed = count > 0 }
            if removed { try await client.query("SELECT pg_notify(\(PostgresSchema.tokenChannel), '')", logger: logger) }
            return removed
        }
    }

    /// One element per change to the tokens by anyone (and one when listening starts or resumes).
    public func changes() -> (AsyncStream<Int64>, stop: @Sendable () -> Void) {
        let notifications = PostgresNotifications(client: client, channel: PostgresSchema.tokenChannel, current: "SELECT '0'", logger: logger) { _ in Int64(0) }
        let stream = notifications.stream()
        notifications.start()
        return (stream, { notifications.finish() })
    }

    private func run<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T) async throws -> T {
        let client = self.client, logger = self.logger
        do {
            return try await withDeadline(PostgresEventStore.timeout, what) { try await body(client, logger) }
        } catch {
            throw PostgresErrors.storeError(error, location: location, writing: true)
        }
    }
}
