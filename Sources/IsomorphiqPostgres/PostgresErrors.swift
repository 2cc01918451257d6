import IsomorphiqStore
import PostgresNIO

/// PostgreSQL's errors in the store's terms (`StoreError`), with the server's message when there is one.
enum PostgresErrors {
    static func storeError(_ error: any Error, location: String, writing: Bool) -> StoreError {
        if let error = error as? StoreError {
            // Only `withDeadline` throws `unavailable` before the server answers.
            return writing && error.code == .unavailable ? .unconfirmed("\(location): no answer within \(PostgresEventStore.timeout)") : error
        }
        if let failure = error as? PostgresStoreFailure { return .failed(failure.description) }
        // Connection refused, reset, timed out: the server is not there. A write may have reached
        // it before the connection broke: its outcome is unknown.
        let unreachable = writing ? StoreError.unconfirmed : StoreError.unavailable
        guard let error = error as? PSQLError else { return unreachable("\(location): \(describe(error))") }
        if error.code == .server {
            let detail = describe(error)
            return writing ? .notStored("\(location): \(detail)") : .failed("\(location): \(detail)")
        }
        return unreachable("\(location): \(describe(error))")
    }

    /// The server's message and SQLSTATE, or the client-side code (`PSQLError`'s own description hides both).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo, let message = info[.message] {
            return "\(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
