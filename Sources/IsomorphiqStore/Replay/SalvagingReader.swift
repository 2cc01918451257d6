public import IsomorphiqCore

/// Reads every stored event after a seq, in seq order, and names each one that does not decode
/// instead of failing: what `events verify` checks and `events export` salvages.
///
/// Pages are read whole; a page that fails because of what is stored (an event that does not
/// decode, a damaged database page: `StoreError` `unreadableEvent` or `corrupt`) is read again one
/// seq at a time, so the damage costs one page of single reads and each seq there that still fails
/// is named. Any other error (the store unreachable, I/O) throws.
public struct SalvagingReader: Sendable {
    public enum Item: Sendable {
        case event(Event)
        case unreadable(seq: Int64, detail: String)
    }

    public let store: any EventStore
    public let pageSize: Int

    public init(store: any EventStore, pageSize: Int = 4_096) {
        self.store = store
        self.pageSize = max(1, pageSize)
    }

    /// Hands `handle` every event with `seq > after` up to the log's end as it was when the read
    /// started, and a placeholder for each that does not decode. Statistics count both.
    public func read(after: Int64 = 0, _ handle: (Item) async throws -> Void) async throws -> ReplayStatistics {
        let clock = ContinuousClock()
        let start = clock.now
        var statistics = ReplayStatistics()
        let last = try await store.lastSeq()
        var next = max(0, after)
        func take(_ page: [Event]) async throws {
            for event in page { try await handle(.event(event)) }
            statistics.events += page.count
            statistics.lastSeq = page.last?.seq ?? statistics.lastSeq
        }
        while next < last {
            let through = min(last, next + Int64(pageSize))
            statistics.pages += 1
            do {
                try await take(try await store.read(EventQuery(afterSeq: next, throughSeq: through)))
            } catch let error as StoreError where Self.isDamage(error) {
                for seq in (next + 1)...through {
                    do {
                        try await take(try await store.read(EventQuery(afterSeq: seq - 1, throughSeq: seq)))
                    } catch let error as StoreError where Self.isDamage(error) {
                        try await handle(.unreadable(seq: seq, detail: error.description))
                        statistics.noteUnreadable(seq: seq, detail: error.description)
                        statistics.events += 1
                        statistics.lastSeq = seq
                    }
                }
            }
            next = through
        }
        statistics.elapsed = clock.now - start
        return statistics
    }

    private static func isDamage(_ error: StoreError) -> Bool {
        error.code == .unreadableEvent || error.code == .corrupt
    }
}
