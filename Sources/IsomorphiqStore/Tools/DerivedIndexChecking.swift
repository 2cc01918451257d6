/// A store that keeps read structures derived from its events (indexes, summaries) and can check
/// them against the events: `events verify` (`EventLogVerifier`) reports what it finds.
public protocol DerivedIndexChecking: Sendable {
    /// How the store's derived read structures differ from its events, one line each; empty when they agree.
    func derivedIndexProblems() async throws -> [String]

    /// Checks the store's files below the events (pages, structure) without writing anything;
    /// throws the store's error for damage (for SQLite, `StoreError.corrupt`, whose message says
    /// how to recover).
    func checkFiles() async throws
}

extension DerivedIndexChecking {
    public func checkFiles() async throws {}
}
