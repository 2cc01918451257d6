public import IsomorphiqCore

/// Reads a part of any `EventStore` in seq order and hands each event to an awaited handler.
///
/// Reads in pages of `pageSize` events, so memory stays bounded whatever the log's length; the
/// next page is fetched while the handler works through the current one. Handlers run one at a
/// time, in seq order; a throwing handler stops the replay and the error propagates.
public struct ReplayService: Sendable {
    public let store: any EventStore
    public let pageSize: Int

    public init(store: any EventStore, pageSize: Int = 4_096) {
        precondition(pageSize > 0, "pageSize must be positive")
        self.store = store
        self.pageSize = pageSize
    }

    /// Replays `selection` into `handler`.
    @discardableResult
    public func replay(
        _ selection: ReplaySelection = .all, handler: (Event) async throws -> Void
    ) async throws -> ReplayStatistics {
        try await replayPages(selection) { page in
            for event in page { try await handler(event) }
        }
    }

    /// Replays `selection` a page at a time: the cheapest way to fold many events.
    @discardableResult
    public func replayPages(
        _ selection: ReplaySelection = .all, handler: ([Event]) async throws -> Void
    ) async throws -> ReplayStatistics {
        let clock = ContinuousClock()
        let start = clock.now
        var statistics = ReplayStatistics()
        var query = selection.query
        let through = query.throughSeq
        query.limit = pageSize
        let store = self.store
        var pending: Task<[Event], any Error>? = Task { [query] in try await store.read(query) }
        while let fetch = pending {
            let page = try await fetch.value
            guard let last = page.last else { break }
            if page.count == pageSize, through.map({ last.seq < $0 }) ?? true {
                var next = query
                next.afterSeq = last.seq
                pending = Task { [next] in try await store.read(next) }
            } else {
                pending = nil
            }
            query.afterSeq = last.seq
            do {
                try await handler(page)
            } catch {
                pending?.cancel()
                throw error
            }
            statistics.events += page.count
            statistics.pages += 1
            statistics.lastSeq = last.seq
        }
        statistics.elapsed = clock.now - start
        return statistics
    }

    /// Folds `selection` into `board` (from empty unless given) and returns it with statistics.
    public func fold(_ selection: ReplaySelection = .all, into board: TaskBoard = TaskBoard()) async throws -> (TaskBoard, ReplayStatistics) {
        var board = board
        let statistics = try await replayPages(selection) { page in
            for event in page { board.apply(event) }
        }
        return (board, statistics)
    }
}
