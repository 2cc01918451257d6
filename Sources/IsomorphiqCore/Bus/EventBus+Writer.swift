import Logging
import Dispatch
import Synchronization

/// The single writer: takes queued requests in batches, decides and filters each against a
/// `PendingBoard`, stores the batch in one append, then applies and delivers it.
///
/// A middleware that stalls past the timeout is detected by a watchdog that lives only while the
/// writer is busy. It fails the stalled request, puts the rest of the batch back at the front of
/// the queue, and starts a fresh writer (a new generation); the stalled writer, should it ever
/// resume, sees that it is stale and touches nothing.
extension EventBus {
    /// A request that passed, with its events as the middleware left them. (Structs, not tuples:
    /// tuples in arrays are copied through the runtime's generic value witnesses.)
    struct Accepted {
        let request: WriteRequest
        let events: [Event]
    }

    struct Refused {
        let request: WriteRequest
        let error: any Error
    }

    func startWriter() {
        let generation = state.withLock { state -> UInt64 in
            state.generation &+= 1
            return state.generation
        }
        // The watchdog is in place before the writer starts: a writer that finishes at once then
        // finds it and cancels it (stored after, it would have outlived the writer, waking forever).
        let watchdog = makeWatchdog(generation: generation)
        state.withLock { $0.watchdog = watchdog }
        Task { await self.drain(generation: generation) }
    }

    private func drain(generation: UInt64) async {
        // The previous batch's event count sizes the next pending board: batches come in runs.
        var expected = 0
        let shared = store as? any SharedEventStore
        while let batch = nextBatch(generation: generation) {
            let reads = shared.map { _ in BoardReads() }
            guard let (accepted, refused) = await decide(batch, generation: generation, expected: expected, recording: reads) else { return }
            expected = accepted.reduce(0) { $0 + $1.events.count }
            if let shared, let reads {
                await commitShared(accepted, refused: refused, batch: batch, reads: reads.all, to: shared)
            } else {
                await commit(accepted)
            }
        }
    }

    /// Decides and filters every request of `batch`; `nil` when this writer went stale. Kept
    /// apart from `commit` so that no reference to the old board outlives it: the commit then
    /// applies to the board in place instead of copying it.
    ///
    /// Refusals are answered here, unless `reads` is given (a shared store): then every read of the
    /// committed board is recorded in it, and refusals are returned, to be answered once the board
    /// the decisions saw is confirmed (`commitShared`).
    private func decide(
        _ batch: [WriteRequest], generation: UInt64, expected: Int, recording reads: BoardReads?
    ) async -> ([Accepted], [Refused])? {
        let (base, chain) = state.withLock { ($0.board, $0.middleware) }
        let lookup: any TaskLookup = reads.map { RecordingLookup(base: base, reads: $0) } ?? base
        var pending = PendingBoard(base: lookup, capacity: max(batch.count, expected))
        var accepted: [Accepted] = []
        accepted.reserveCapacity(batch.count)
        // Refusals are answered once the whole batch is decided: should a later request stall,
        // the watchdog re-queues the batch's rest, and an answered request must not be in it.
        var refused: [Refused] = []
        for (index, request) in batch.enumerated() {
            guard isCurrent(generation, at: index) else { return nil }
            do {
                let decided = try request.decide(pending)
                var passed: [Event] = []
                passed.reserveCapacity(decided.count)
                for event in decided {
                    passed.append(try await runMiddleware(event, chain: chain))
                }
                guard isCurrent(generation, at: index) else { return nil }
                for event in passed { pending.apply(event) }
                accepted.append(Accepted(request: request, events: passed))
            } catch {
                guard isCurrent(generation, at: index) else { return nil }
                refused.append(Refused(request: request, error: error))
            }
        }
        guard endSteps(generation: generation) else { return nil }
        guard reads != nil else {
            for refusal in refused { fail(refusal.request, with: refusal.error) }
            return (accepted, [])
        }
        return (accepted, refused)
    }

    /// Takes the next batch, or ends the writer when the queue is empty.
    private func nextBatch(generation: UInt64) -> [WriteRequest]? {
        state.withLock { state in
            guard state.generation == generation else { return nil }
            guard !state.queue.isEmpty else {
                state.writing = false
                state.batch = []
                state.watchdog?.cancel()
                state.watchdog = nil
                return nil
            }
            state.batch = Array(state.queue)
            state.queue.removeAll(keepingCapacity: true)
            state.batchIndex = 0
            return state.batch
        }
    }

    private func isCurrent(_ generation: UInt64, at index: Int) -> Bool {
        state.withLock { state in
            guard state.generation == generation else { return false }
            state.batchIndex = index
            return true
        }
    }

    private func endSteps(generation: UInt64) -> Bool {
        state.withLock { state in
            guard state.generation == generation else { return false }
            currentMiddleware.store(-1, ordering: .relaxed)
            state.batch = []
            return true
        }
    }

    /// Offers each subscription the events it matches, in order: `results[i]` published at `publishedAt[i]`.
    func deliver(_ results: [[Event]], publishedAt: [ContinuousClock.Instant], to subscriptions: [EventSubscription]) {
        let total = results.reduce(0) { $0 + $1.count }
        for subscription in subscriptions {
            var matching: [EventSubscription.Delivery] = []
            matching.reserveCapacity(total)
            for (index, events) in results.enumerated() {
                let published = publishedAt[index]
                for event in events where subscription.filter.matches(event) { matching.append(EventSubscription.Delivery(event: event, publishedAt: published)) }
            }
            subscription.offer(matching)
        }
    }

    /// From how many accepted requests a batch's publishers are resumed on `resumer`.
    static var batchResumedApart: Int { 16 }

    func fail(_ request: WriteRequest, with error: any Error) {
        if let rejection = error as? EventRejection {
            metrics.recordRejected()
            request.continuation.resume(throwing: EventBusError.rejected(rejection))
        } else if error is EventBusError {
            metrics.recordRejected()
            request.continuation.resume(throwing: error)
        } else {
            request.continuation.resume(throwing: error)
        }
    }

    /// Stores, applies and delivers the accepted requests of one batch, then resumes them.
    /// When `append` (a shared store's conditional append) finds the head moved, nothing is
    /// resumed and the refusal is returned, for the caller to decide the batch again.
    @discardableResult
    func commit(_ accepted: [Accepted], storing append: (([Event]) async throws -> [Event])? = nil) async -> EventStoreHeadMoved? {
        var taskEvents: [Event] = []
        taskEvents.reserveCapacity(accepted.reduce(0) { $0 + $1.events.count })
        for request in accepted {
            for event in request.events where event.type.isTaskEvent { taskEvents.append(event) }
        }
        let stored: [Event]
        do {
            stored = taskEvents.isEmpty ? [] : try await (append ?? store.append)(taskEvents)
        } catch let moved as EventStoreHeadMoved {
            return moved
        } catch {
            metrics.recordError()
            logger.error("event store append failed", metadata: ["events": "\(taskEvents.count)", "error": "\(error)"])
            let failure = EventBusError.storeFailed(String(describing: error))
            for accepted in accepted { accepted.request.continuation.resume(throwing: failure) }
            return nil
        }
        var seqs = stored.makeIterator()
        var results: [[Event]] = []
        results.reserveCapacity(accepted.count)
        for request in accepted {
            results.append(request.events.map { event in event.type.isTaskEvent ? (seqs.next() ?? event) : event })
        }
        let subscriptions = state.withLock { state in
            for events in results { for event in events { state.board.apply(event) } }
            if let last = stored.last?.seq, last > state.head { state.head = last }
            return Array(state.subscriptions.values)
        }
        deliver(results, publishedAt: accepted.map(\.request.publishedAt), to: subscriptions)
        metrics.recordPublished(results)
        // Resumed from this task, on the cooperative pool, each publisher costs a switch of the
        // pool's threads (3.6 µs apiece, measured with 53); from a dispatch queue outside the pool
        // they are only queued (0.4 µs). A large batch's publishers are resumed there, the writer
        // waiting until they all have been, so that the next batch is taken after them, in order.
        let answers = results
        guard accepted.count >= Self.batchResumedApart else {
            for (index, accepted) in accepted.enumerated() {
                accepted.request.continuation.resume(returning: answers[index])
            }
            return nil
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            resumer.async {
                for (index, accepted) in accepted.enumerated() {
                    accepted.request.continuation.resume(returning: answers[index])
                }
                done.resume()
            }
        }
        return nil
    }
}
