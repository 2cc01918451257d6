import Synchronization

/// How many times a source sent the whole board because its consumer fell behind; shared by
/// copies of the source.
public final class ResyncCounter: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    public var count: Int { value.load(ordering: .relaxed) }
    /// Counts one more; the new count.
    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
}

