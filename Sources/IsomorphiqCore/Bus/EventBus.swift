public import Logging
import DequeModule
import Dispatch
import Synchronization

/// The one path every change takes: middleware, the store, the board, then every subscriber.
///
/// ```
/// commit { board in events }   decided against the board as it will be, in one serial writer
///   -> middleware pipeline      in registration order; any may transform or refuse
///   -> EventStore.append        one transaction per batch: durable before anyone sees it
///   -> TaskBoard.apply          the committed board (`board`)
///   -> subscribers              each behind its own bounded buffer
/// ```
///
/// Writes are serialised by a single writer that batches: requests that arrive while a batch is
/// being stored form the next batch (group commit). A request resumes once its events are
/// durable and applied; it fails with no trace when its decision throws, a middleware refuses,
/// a middleware times out, or the store fails. Thread-safe.
public final class EventBus: Sendable {
    struct WriteRequest: Sendable {
        let decide: @Sendable (PendingBoard) throws -> [Event]
        let continuation: CheckedContinuation<[Event], any Error>
        let publishedAt: ContinuousClock.Instant
    }

    struct State: Sendable {
        var board = TaskBoard()
        var middleware: [any EventMiddleware] = []
        var subscriptions: [Int: EventSubscription] = [:]
        var nextSubscriptionID = 0
        var queue: Deque<WriteRequest> = []
        /// The batch the writer is working on; the watchdog re-queues it if a middleware stalls.
        var batch: [WriteRequest] = []
        var batchIndex = 0
        var writing = false
        /// The seq of the last stored event the board reflects: the head its decisions saw.
        /// For a `SharedEventStore`, appends are conditional on it (EventBus+Shared).
        var head: Int64 = 0
        var generation: UInt64 = 0
        var watchdog: Task<Void, Never>?
    }

    public let configuration: EventBusConfiguration
    public let store: any EventStore
    public let metrics: EventBusMetrics
    let logger: Logger
    let clock = ContinuousClock()
    let state: Mutex<State>
    /// Middleware steps begun by the writer; the watchdog's sign of progress.
    let steps = Atomic<UInt64>(0)
    /// The index of the middleware the writer is in, or -1 outside the pipeline.
    let currentMiddleware = Atomic<Int>(-1)
    /// Where the writer resumes the publishers of a large batch (EventBus+Writer, `commit`).
    let resumer = DispatchQueue(label: "isomorphiq.bus.resume")

    /// - Parameters:
    ///   - store: where task events are appended. With `enablePersistence` off, pass an
    ///     `InMemoryEventStore`; the bus never appends system events.
    ///   - board: the board the store's events fold to (from a snapshot and replay at start-up).
    public init(configuration: EventBusConfiguration = .init(), store: any EventStore, board: TaskBoard = TaskBoard(), logger: Logger = Logger(label: "isomorphiq.bus")) {
        self.configuration = configuration
        self.store = store
        self.metrics = EventBusMetrics(enabled: configuration.enableMetrics)
        self.logger = logger
        var initial = State()
        initial.board = board
        initial.head = board.lastSeq
        self.state = Mutex(initial)
    }

    /// The committed board: every event that has been stored and delivered, and nothing else.
    public var board: TaskBoard { state.withLock { $0.board } }

    /// Adds a middleware at the end of the pipeline. Events already in a batch are unaffected.
    public func use(_ middleware: any EventMiddleware) {
        state.withLock { $0.middleware.append(middleware) }
    }

    public var middlewareNames: [String] { state.withLock { $0.middleware.map(\.name) } }

    /// Subscribes to the events `filter` matches, from the next committed event on.
    /// - Throws: `EventBusError.tooManyListeners` past `maxListeners`.
    public func subscribe(
        _ filter: EventFilter = .all, name: String = "subscriber", bufferSize: Int? = nil, policy: OverflowPolicy = .dropOldest
    ) throws -> EventSubscription {
        try state.withLock { state in
            guard state.subscriptions.count < configuration.maxListeners else {
                throw EventBusError.tooManyListeners(limit: configuration.maxListeners)
            }
            let id = state.nextSubscriptionID
            state.nextSubscriptionID += 1
            let subscription = EventSubscription(
                id: id, name: name, filter: filter, capacity: bufferSize ?? configuration.subscriberBufferSize,
                policy: policy, metrics: metrics,
                onEnd: { [weak self] id in self?.removeSubscription(id) })
            state.subscriptions[id] = subscription
            return subscription
        }
    }

    /// Subscribes with a handler that runs on a task of its own, one event at a time, in order.
    /// A handler that throws is logged and counted and keeps receiving; one that hangs only
    /// fills its own buffer. Cancel the returned subscription to stop.
    @discardableResult
    public func subscribe(
        _ filter: EventFilter = .all, name: String, bufferSize: Int? = nil, policy: OverflowPolicy = .dropOldest,
        handler: @escaping @Sendable (Event) async throws -> Void
    ) throws -> EventSubscription {
        let subscription = try subscribe(filter, name: name, bufferSize: bufferSize, policy: policy)
        let logger = self.logger
        let metrics = self.metrics
        Task {
            for await event in subscription {
                do {
                    try await handler(event)
                } catch {
                    metrics.recordError()
                    logger.warning("subscriber failed", metadata: ["subscriber": "\(name)", "event": "\(event.type.rawValue)", "error": "\(error)"])
                }
            }
        }
        return subscription
    }

    /// Whether a middleware watchdog (and its timer) is alive; only while the writer is busy.
    var hasWatchdog: Bool { state.withLock { $0.watchdog != nil } }

    /// Publishes waiting for the writer (not yet in the batch it is working on).
    public var queuedWrites: Int { state.withLock { $0.queue.count } }

    public var listenerCount: Int { state.withLock { $0.subscriptions.count } }

    /// Every figure, with the current listener count and buffer depths.
    public func metricsSnapshot() -> EventBusMetrics.Snapshot {
        var snapshot = metrics.snapshot()
        let subscriptions = state.withLock { Array($0.subscriptions.values) }
        snapshot.listenerCount = subscriptions.count
        for subscription in subscriptions {
            snapshot.bufferDepths["\(subscription.name)#\(subscription.id)"] = subscription.depth
        }
        return snapshot
    }

    /// Publishes one ready-made event (a system event, or a task event decided elsewhere).
    /// - Returns: the event as committed, with its `seq` for task events.
    @discardableResult
    public func publish(_ event: Event) async throws -> Event {
        try await commit { _ in [event] }[0]
    }

    /// Publishes `events` atomically: all are stored and delivered, or none.
    @discardableResult
    public func publish(_ events: [Event]) async throws -> [Event] {
        try await commit { _ in events }
    }

    /// Decides events against the board as it will be when they commit, and publishes them
    /// atomically. `decide` runs on the writer, serially with every other decision, so what it
    /// validates still holds when its events are stored. It must be quick and must not block.
    /// - Throws: whatever `decide` throws, or an `EventBusError`.
    public func commit(_ decide: @escaping @Sendable (PendingBoard) throws -> [Event]) async throws -> [Event] {
        let publishedAt = clock.now
        return try await withCheckedThrowingContinuation { continuation in
            let request = WriteRequest(decide: decide, continuation: continuation, publishedAt: publishedAt)
            let start = state.withLock { state -> Bool in
                state.queue.append(request)
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if start { startWriter() }
        }
    }

    /// Ends every subscription with `.busClosed`.
    public func close() {
        let subscriptions = state.withLock { Array($0.subscriptions.values) }
        for subscription in subscriptions { subscription.finish(.busClosed) }
    }

    private func removeSubscription(_ id: Int) {
        _ = state.withLock { $0.subscriptions.removeValue(forKey: id) }
    }
}
