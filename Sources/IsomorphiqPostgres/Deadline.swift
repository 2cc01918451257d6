import IsomorphiqStore

/// Runs `operation`, or throws `StoreError.unavailable` when it has not finished within `limit`
/// (and cancels it). With the server down, PostgresNIO's pool keeps a request waiting for a
/// connection indefinitely; callers (an HTTP request, the bus's writer) need an answer.
///
/// An append that times out may still commit: the caller is told it failed (503). The log stays
/// consistent (the bus's next conditional append sees the moved head and catches up); only the
/// client, retrying, may store the same change twice under a new event id.
func withDeadline<T: Sendable>(_ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw StoreError.unavailable("\(what): no answer from PostgreSQL within \(limit)")
        }
        return value
    }
}
