/// A store that keeps read structures derived from its events (indexes, summaries) and can check
/// them against the events: `events verify` (`EventLogVerifier`) reports what it finds.
public protocol DerivedIndexChecking: Sendable {
    /// How the store's derived read structures differ from its events, one line each; empty when they agree.
    func derivedIndexProblems() async throws -> [String]
}
