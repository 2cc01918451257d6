import Logging
import Synchronization

/// The writer's path on a `SharedEventStore`, where other processes append to the same log.
///
/// A batch is decided against the board as usual, then stored only if the log's head is still the
/// one the board reflects (`state.head`). If another instance appended in between, nothing is
/// stored: the writer reads the events it missed, applies and delivers them like its own, and puts
/// the whole batch back at the front of the queue to be decided again against the new board. So
/// every decision, refusals included, is made against every event committed before it: a refusal
/// is answered only once an append or a head check has confirmed the board it was decided on.
/// (Middleware runs again for a batch decided again.)
///
/// `followSharedStore()` wakes the writer when another instance appends while this one is idle.
extension EventBus {
    func commitShared(_ accepted: [Accepted], refused: [Refused], batch: [WriteRequest], to shared: any SharedEventStore) async {
        let head = state.withLock { $0.head }
        let hasTaskEvents = accepted.contains { $0.events.contains { $0.type.isTaskEvent } }
        do {
            if !hasTaskEvents {
                let last = try await shared.lastSeq()
                if last != head { throw EventStoreHeadMoved(lastSeq: last) }
            }
            if hasTaskEvents {
                if let moved = await commit(accepted, storing: { events in try await shared.append(events, after: head) }) {
                    throw moved
                }
            } else {
                await commit(accepted)
            }
            for refusal in refused { fail(refusal.request, with: refusal.error) }
        } catch let moved as EventStoreHeadMoved {
            metrics.recordConflict()
            do {
                try await catchUp(to: moved.lastSeq)
            } catch {
                logger.error("cannot read the events other instances appended", metadata: ["error": "\(error)"])
                let failure = EventBusError.storeFailed(String(describing: error))
                for request in batch { request.continuation.resume(throwing: failure) }
                return
            }
            state.withLock { state in state.queue.insert(contentsOf: batch, at: 0) }
        } catch {
            logger.error("cannot confirm the shared log's head", metadata: ["error": "\(error)"])
            let failure = EventBusError.storeFailed(String(describing: error))
            for request in batch { request.continuation.resume(throwing: failure) }
        }
    }

    /// Reads the events after `state.head` through `target`, applies them to the board and delivers
    /// them to every subscription, as if committed here. Only the writer calls it.
    func catchUp(to target: Int64) async throws {
        var head = state.withLock { $0.head }
        while head < target {
            let page = try await store.read(EventQuery(afterSeq: head, throughSeq: min(target, head + 4_096)))
            guard let last = page.last else { break }
            let now = clock.now
            let subscriptions = state.withLock { state in
                for event in page { state.board.apply(event) }
                state.head = last.seq
                return Array(state.subscriptions.values)
            }
            deliver([page], publishedAt: [now], to: subscriptions)
            metrics.recordFollowed(page.count)
            head = last.seq
        }
        // A head past the last readable event (nothing there to read) is taken as is.
        state.withLock { state in state.head = max(state.head, target) }
    }

    /// For a `SharedEventStore`: watches its append notifications and, when another instance has
    /// appended past this board, wakes the writer (an empty commit, which checks the head and catches
    /// up). Runs until the store ends its notifications or the task is cancelled.
    public func followSharedStore() async {
        guard store is any SharedEventStore else { return }
        for await last in store.appendNotifications() {
            guard last > state.withLock({ $0.head }) else { continue }
            _ = try? await commit { _ in [] }
        }
    }
}
