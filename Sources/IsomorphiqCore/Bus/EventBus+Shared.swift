import Logging
import Synchronization

/// The writer's path on a `SharedEventStore`, where other processes append to the same log.
///
/// A batch is decided against the board as usual, recording every key of the committed board its
/// decisions read; then it is stored after the log's head if the head is still the one the board
/// reflects (`state.head`), or if no event another instance appended since changes a key the batch
/// read (the decisions would come out the same): the store hands back those events, which are
/// applied and delivered before the batch's own. Otherwise nothing is stored: the writer reads
/// the events it missed, applies and delivers them like its own, and puts the whole batch back at
/// the front of the queue to be decided again against the new board. So every decision, refusals
/// included, holds against every event committed before it: a refusal is answered only once an
/// append or a check has confirmed what it read. (Middleware runs again for a batch decided again.)
///
/// `followSharedStore()` wakes the writer when another instance appends while this one is idle.
extension EventBus {
    func commitShared(
        _ accepted: [Accepted], refused: [Refused], batch: [WriteRequest], reads: Set<BoardKey>, to shared: any SharedEventStore
    ) async {
        let head = state.withLock { $0.head }
        let hasTaskEvents = accepted.contains { $0.events.contains { $0.type.isTaskEvent } }
        do {
            if hasTaskEvents {
                let moved = await commit(accepted) { events in
                    let result = try await shared.append(events, after: head, unlessChanged: reads)
                    self.follow(result.missed)
                    return result.stored
                }
                if let moved { throw moved }
            } else {
                follow(try await shared.append([], after: head, unlessChanged: reads).missed)
                await commit(accepted)
            }
            for refusal in refused { fail(refusal.request, with: refusal.error) }
        } catch let moved as EventStoreHeadMoved {
            metrics.recordConflict()
            do {
                guard moved.lastSeq >= head else { throw SharedLogBehind(log: moved.lastSeq, board: head) }
                try await catchUp(to: moved.lastSeq)
            } catch {
                logger.error("cannot read the events other instances appended", metadata: ["error": "\(error)"])
                let failure = EventBusError.storeFailed(String(describing: error))
                for request in batch { request.continuation.resume(throwing: failure) }
                return
            }
            state.withLock { state in state.queue.insert(contentsOf: batch, at: 0) }
        } catch {
            logger.error("cannot append to the shared log", metadata: ["error": "\(error)"])
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
            follow(page)
            head = last.seq
        }
        // A head past the last readable event (nothing there to read) is taken as is.
        state.withLock { state in state.head = max(state.head, target) }
    }

    /// Applies and delivers `events`, other instances' events that follow the board's head.
    /// Only the writer calls it.
    func follow(_ events: [Event]) {
        guard let last = events.last else { return }
        let now = clock.now
        let subscriptions = state.withLock { state in
            for event in events where event.seq > state.head { state.board.apply(event) }
            state.head = max(state.head, last.seq)
            return Array(state.subscriptions.values)
        }
        deliver([events], publishedAt: [now], to: subscriptions)
        metrics.recordFollowed(events.count)
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

/// The shared log ends before the board this instance built from it (it was replaced or restored
/// from an older backup while the instance ran): nothing more is written until it restarts.
struct SharedLogBehind: Error, CustomStringConvertible {
    let log: Int64
    let board: Int64

    var description: String {
        "the shared log ends at seq \(log), before this instance's board (seq \(board)); was the database restored? restart the instance"
    }
}
