/// A store that keeps read structures derived from its events (indexes, summaries) and can check
/// them against the events: `events verify` (`EventLogVerifier`) reports what it finds.
public protocol DerivedIndexChecking: Sendable {
    /// How the store's derived read structures differ from its events, one line each; empty when they agree.
    func derivedIndexProblems() async throws -> [String]

    /// Damage found in the store's files below the events (pages, structure), one line each; empty
    /// when there is none. Must not write anything.
    func fileProblems() async throws -> [String]
}

extension DerivedIndexChecking {
    public func fileProblems() async throws -> [String] { [] }
}
