import Synchronization

/// The count of connections that have not authenticated yet, shared by the HTTP and TCP
/// listeners, against `ServerConfiguration.maxPendingConnections`.
///
/// A connection takes a `Slot` when it is accepted and gives it back once it has shown it is a
/// real client (a whole HTTP request, an upgrade request, a TCP line with a valid token) or when
/// it closes, whichever comes first. Thread-safe.
final class PendingConnections: Sendable {
    let limit: Int
    private let count = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// How many slots are taken now.
    var current: Int { count.load(ordering: .relaxed) }

    /// A slot, or `nil` when `limit` connections already hold one.
    func acquire() -> Slot? {
        let (_, taken) = count.wrappingAdd(1, ordering: .relaxed)
        guard taken <= limit else {
            count.wrappingSubtract(1, ordering: .relaxed)
            return nil
        }
        return Slot(owner: self)
    }

    fileprivate func giveBack() {
        count.wrappingSubtract(1, ordering: .relaxed)
    }

    /// One connection's place in the count; `release()` gives it back once, later calls do nothing.
    final class Slot: Sendable {
        private let owner: PendingConnections
        private let released = Atomic<Bool>(false)

        fileprivate init(owner: PendingConnections) {
            self.owner = owner
        }

        /// Whether `release()` has been called.
        var isReleased: Bool { released.load(ordering: .relaxed) }

        func release() {
            guard !released.exchange(true, ordering: .relaxed) else { return }
            owner.giveBack()
        }

        deinit { release() }
    }
}
