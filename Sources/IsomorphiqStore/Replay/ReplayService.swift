public import IsomorphiqCore

/// Reads a part of any `EventStore` in seq order and hands each event to an awaited handler.
///
/// Reads in pages of `pageSize` events, so memory stays bounded whatever the log's length (at most
/// three pages at once); the next pages are fetched while the handler works through the current
/// one. Handlers run one at a time, in seq order; a throwing handler stops the replay and the
/// error propagates.
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
        var query = selection.query
        if query.taskID == nil, query.types == nil, query.since == nil, query.until == nil {
            return try await replayWindows(query, handler: handler)
        }
        let clock = ContinuousClock()
        let start = clock.now
        var statistics = ReplayStatistics()
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

    /// Reads in seq windows of `pageSize`, `lookahead` windows ahead, so that decoding (which runs in
    /// the reading connection's thread) overlaps with the handler and with each other on all cores.
    /// Only for selections by seq: their windows can be known before the previous one is read.
    /// Ends at the log's end as it was when the replay started.
    private func replayWindows(
        _ query: EventQuery, handler: ([Event]) async throws -> Void
    ) async throws -> ReplayStatistics {
        let store = self.store
        return try await replayWindows(query, read: { try await store.read($0) }, seq: \.seq) { try await handler($0) }
    }

    /// `replayWindows` for any page element. The handler owns each page: nothing else holds it, so
    /// it can take the elements out without copying them.
    private func replayWindows<Element: Sendable>(
        _ query: EventQuery, read: @escaping @Sendable (EventQuery) async throws -> [Element],
        seq: (Element) -> Int64, handler: (consuming [Element]) async throws -> Void
    ) async throws -> ReplayStatistics {
        let clock = ContinuousClock()
        let start = clock.now
        var statistics = ReplayStatistics()
        let lastSeq = try await store.lastSeq()
        let end = min(query.throughSeq ?? lastSeq, lastSeq)
        var next = query.afterSeq ?? 0
        var pending: [Task<[Element], any Error>] = []
        func launch() {
            guard next < end else { return }
            let window = EventQuery(afterSeq: next, throughSeq: min(end, next + Int64(pageSize)))
            next = window.throughSeq!
            pending.append(Task { try await read(window) })
        }
        for _ in 0..<Self.lookahead { launch() }
        defer { for fetch in pending { fetch.cancel() } }
        while !pending.isEmpty {
            launch()
            // The task is released as soon as its value is out: the page then has one owner.
            let page = try await pending.removeFirst().value
            guard let last = page.last else { continue }
            statistics.events += page.count
            statistics.pages += 1
            statistics.lastSeq = seq(last)
            try await handler(consume page)
        }
        statistics.elapsed = clock.now - start
        return statistics
    }

    /// Windows read ahead of the handler: one per core is enough to keep them busy.
    private static let lookahead = 2

    /// Folds `selection` into `board` (from empty unless given) and returns it with statistics.
    ///
    /// Every selected event is folded, in seq order. From a `BoardChangeSource` (the SQLite store)
    /// a selection by seq reads `BoardChange`s, decoded without what the board does not need
    /// (`EventCodec.decodeBoardChange`); the board is the same. There a stored event that does not
    /// decode is left out and counted in the statistics (`unreadable`) instead of failing the fold:
    /// start-up must not be stopped by one bad row (`events verify` names it).
    public func fold(_ selection: ReplaySelection = .all, into board: TaskBoard = TaskBoard()) async throws -> (TaskBoard, ReplayStatistics) {
        var board = board
        let query = selection.query
        if let source = store as? any BoardChangeSource,
           query.taskID == nil, query.types == nil, query.since == nil, query.until == nil, query.limit == nil {
            var unreadable = ReplayStatistics()
            var statistics = try await replayWindows(query, read: { try await source.readBoardChanges($0) }, seq: \.seq) { page in
                // Each change is moved out of the page (a cheap placeholder left behind), so its task
                // moves into the board without a copy of its reference-counted fields.
                var page = page
                page.withUnsafeMutableBufferPointer { buffer in
                    guard let base = buffer.baseAddress else { return }
                    for index in buffer.indices {
                        if let detail = base[index].unreadable { unreadable.noteUnreadable(seq: base[index].seq, detail: detail) }
                        board.apply((base + index).move())
                        (base + index).initialize(to: BoardChange(seq: 0, type: .systemStarted, task: nil))
                    }
                }
            }
            statistics.unreadableCount = unreadable.unreadableCount
            statistics.unreadable = unreadable.unreadable
            return (board, statistics)
        }
        let statistics = try await replayPages(selection) { page in
            for event in page { board.apply(event) }
        }
        return (board, statistics)
    }
}
