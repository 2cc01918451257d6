import IsomorphiqPostgres
import Logging

extension Settings {
    /// Connects to the shared log `store.databaseUrl` names (and migrates it): for `serve`, the
    /// terminal UI, the `events` and the `token` commands alike.
    /// - Throws: `RuntimeError` when no URL is given or it is not one, `StoreError` when the server cannot be reached.
    func openPostgres(logger: Logger = Logger(label: "isomorphiq.postgres")) async throws -> PostgresEventStore {
        guard let text = databaseURL, !text.isEmpty else {
            throw RuntimeError("--store postgres needs --database-url postgres://USER@HOST/DATABASE (or ISOMORPHIQ_STORE_DATABASE_URL)")
        }
        let url: PostgresURL
        do { url = try PostgresURL(text) } catch { throw RuntimeError(error.description) }
        return try await PostgresEventStore.open(url, logger: logger)
    }
}
