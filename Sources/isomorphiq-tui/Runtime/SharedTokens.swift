import Foundation
import IsomorphiqCore
import IsomorphiqPostgres
import IsomorphiqServer
import Logging

/// With `--store postgres`, the tokens of every instance are the database's (`PostgresTokens`):
/// each instance mirrors them into its own `TokenStore` (and `tokens.json`) at start and on every
/// change anyone makes, so a token added or revoked once holds everywhere, within a moment, and a
/// revoked token's sockets are closed on every instance.
enum SharedTokens {
    static func shared(_ record: TokenRecord) -> PostgresTokens.Record {
        PostgresTokens.Record(user: record.user, token: record.token, admin: record.admin, createdAt: record.createdAt)
    }

    static func local(_ record: PostgresTokens.Record) -> TokenRecord {
        TokenRecord(user: record.user, token: record.token, admin: record.admin, createdAt: record.createdAt)
    }

    /// Puts the local user's token into the database (unless the database has one for the user and
    /// no `--token` was given: then that one is adopted), takes the database's tokens as the local
    /// ones, and follows later changes until the returned task is cancelled. Returns the local
    /// user's token in force.
    static func start(tokens: TokenStore, store: PostgresEventStore, settings: Settings, logger: Logger) async throws -> (String, Task<Void, Never>) {
        let shared = PostgresTokens(store)
        let existing = try await shared.all()
        if settings.token != nil || !existing.contains(where: { $0.user == settings.user }),
           let mine = tokens.list().first(where: { $0.user == settings.user }) {
            try await shared.put(Self.shared(mine))
        }
        try tokens.adopt(try await shared.all().map(Self.local))
        let (changes, stop) = shared.changes()
        let follower = Task {
            await withTaskCancellationHandler {
                for await _ in changes {
                    do {
                        try tokens.adopt(try await shared.all().map(Self.local))
                    } catch {
                        logger.warning("cannot take the shared tokens; the tokens in force are kept", metadata: ["error": "\(error)"])
                    }
                }
            } onCancel: {
                stop()
            }
        }
        let token = tokens.list().first(where: { $0.user == settings.user })?.token ?? ""
        return (token, follower)
    }

    /// Runs `body` with the shared tokens of the database the settings name (the `token`
    /// commands), then closes the connection.
    static func with(_ settings: Settings, _ body: (PostgresTokens) async throws -> Void) async throws {
        let store = try await settings.openPostgres()
        do {
            try await body(PostgresTokens(store))
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }
}
