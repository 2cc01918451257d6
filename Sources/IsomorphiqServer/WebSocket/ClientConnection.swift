import DequeModule
import Foundation
import IsomorphiqCore
import NIOCore
import NIOWebSocket
import Synchronization

/// One subscribed client as the hub sees it (a WebSocket, or a TCP connection after
/// `subscribe`): what it subscribed to, and a bounded queue of messages waiting for its writer.
///
/// The hub offers every event without waiting: a full queue closes the connection as a slow
/// consumer, so one stuck client never slows another. While the connection replays the log
/// (connect, `?since=`, `resume`), live events are held aside and released after the replay,
/// skipping any seq already queued: no gap, no duplicate. Thread-safe.
///
/// The queue is drained by a writer: either one long-lived task awaiting `next()` (TCP), or,
/// once `writeOnDemand(start:)` is set (WebSocket), a task started only when something is
/// queued, which ends when `take()` finds the queue empty. An idle connection then keeps no
/// writer task at all.
final class ClientConnection: Sendable {
    enum Next: Sendable {
        case messages([OutboundMessage])
        case close(WebSocketErrorCode, String)
        case stop
    }

    private struct CloseRequest {
        var code: WebSocketErrorCode
        var reason: String
    }

    private struct State {
        var queue: Deque<OutboundMessage> = []
        var writer: CheckedContinuation<Void, Never>?
        /// Starts a writer task (on-demand mode); `nil` when a long-lived writer awaits `next()`.
        var startWriter: (@Sendable () -> Void)?
        /// An on-demand writer task is running (started and not yet ended by `take()`).
        var writerRunning = false
        /// Waits in `writerStopped()` for the on-demand writer to end.
        var stopWaiter: CheckedContinuation<Void, Never>?
        var spaceWaiters: [CheckedContinuation<Void, Never>] = []
        var subscriptions = SubscriptionSet()
        /// Live events held while replaying, `nil` when live.
        var held: Deque<SharedEvent>?
        var lastQueuedSeq: Int64 = 0
        var close: CloseRequest?
        var finished = false
        /// The writer is writing a batch; until it is done, live events queue behind it.
        var writerBusy = false
        var program = "unknown"
    }

    let id: String
    let user: AuthenticatedUser
    let address: String
    let connectedAt: Date
    /// `websocket` or `tcp`.
    let transport: String
    let capacity: Int
    private let state = Mutex(State())
    private let metrics: ServerMetrics
    /// Set when the hub may write live events straight to this channel (a WebSocket without
    /// extensions); `nil` for TCP and compressed connections.
    let directChannel: (any Channel)?
    /// The frame encoder's context: pre-encoded frames are written below it. Set by `prepareDirectWrites()`.
    private let encoderContext = Mutex<NIOLoopBound<ChannelHandlerContext>?>(nil)
    /// Direct writes made while the channel was not writable (the peer is not keeping up),
    /// bounded by `capacity` like the queue; reset whenever the channel is writable again.
    private let behind = Atomic<Int>(0)
    /// Called once when the queue overflows: the session arranges a hard close for a stuck peer.
    private let onOverflow: @Sendable () -> Void

    init(id: String, user: AuthenticatedUser, address: String, program: String?, capacity: Int, metrics: ServerMetrics,
         transport: String = "websocket", directChannel: (any Channel)? = nil, connectedAt: Date = Date(),
         onOverflow: @escaping @Sendable () -> Void = {}) {
        self.transport = transport
        self.directChannel = directChannel
        self.id = id
        self.user = user
        self.address = address
        self.connectedAt = connectedAt
        self.capacity = max(1, capacity)
        self.metrics = metrics
        self.onOverflow = onOverflow
        state.withLock { state in
            state.held = []
            if let program { state.program = program }
        }
    }

    var program: String {
        get { state.withLock { $0.program } }
        set { state.withLock { $0.program = newValue } }
    }

    var subscriptions: SubscriptionSet { state.withLock { $0.subscriptions } }
    var queueDepth: Int { state.withLock { $0.queue.count } }
    var isClosing: Bool { state.withLock { $0.close != nil || $0.finished } }

    func updateSubscriptions(_ change: (inout SubscriptionSet) -> Void) -> SubscriptionSet {
        state.withLock { state in
            change(&state.subscriptions)
            return state.subscriptions
        }
    }

    // MARK: From the hub

    /// Queues `shared` if the subscriptions want it. Never waits.
    ///
    /// Returns `true` when the caller should instead write it straight to `directChannel`
    /// (`writeDirectly`): the connection is live, nothing is queued and its writer is idle, so
    /// writing now keeps the order and saves waking the writer.
    func offer(_ shared: SharedEvent) -> Bool {
        enum Outcome { case none, wake(Wake), direct }
        let outcome: Outcome = state.withLock { state in
            guard state.close == nil, !state.finished, state.subscriptions.matches(shared.event) else { return .none }
            if state.held != nil {
                guard state.held!.count < capacity else { return .wake(overflow(&state)) }
                state.held!.append(shared)
                return .none
            }
            if shared.event.seq > 0 {
                guard shared.event.seq > state.lastQueuedSeq else { return .none }
                state.lastQueuedSeq = shared.event.seq
            }
            if canWriteDirectly, state.queue.isEmpty, !state.writerBusy { return .direct }
            guard state.queue.count < capacity else { return .wake(overflow(&state)) }
            state.queue.append(shared.message)
            return .wake(takeWriter(&state))
        }
        switch outcome {
        case .none: return false
        case .wake(let writer):
            writer()
            return false
        case .direct: return true
        }
    }

    /// Finds the frame encoder so that `writeDirectly` can skip it. Without it (not found), the
    /// hub never writes directly.
    func prepareDirectWrites() async {
        guard let channel = directChannel else { return }
        guard let context = try? await channel.eventLoop.submit({
            try NIOLoopBound(channel.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self), eventLoop: channel.eventLoop)
        }).get() else { return }
        encoderContext.withLock { $0 = context }
    }

    var canWriteDirectly: Bool { directChannel != nil && encoderContext.withLock { $0 != nil } }

    /// Writes one pre-encoded text frame (`WebSocketFrameBytes`) below the frame encoder. Call on
    /// the channel's event loop after `offer` said so. More than `capacity` writes while the channel
    /// is not writable (the peer is not reading) closes as a slow consumer.
    func writeDirectly(_ frame: ByteBuffer) {
        guard let channel = directChannel, let context = encoderContext.withLock({ $0 }) else { return }
        if channel.isWritable {
            behind.store(0, ordering: .relaxed)
        } else if behind.wrappingAdd(1, ordering: .relaxed).newValue > capacity {
            let writer = state.withLock { state in state.close == nil && !state.finished ? overflow(&state) : .none }
            writer()
            return
        }
        context.value.writeAndFlush(NIOAny(frame), promise: nil)
    }

    /// The writer has written its batch; live events may go direct again.
    func batchWritten() {
        state.withLock { $0.writerBusy = false }
    }

    /// Queues a reply or notice (welcome, pong, error...). Counts towards the bound.
    func send(_ message: OutboundMessage) {
        let writer: Wake = state.withLock { state in
            guard state.close == nil, !state.finished else { return .none }
            guard state.queue.count < capacity else { return overflow(&state) }
            state.queue.append(message)
            return takeWriter(&state)
        }
        writer()
    }

    private func overflow(_ state: inout State) -> Wake {
        state.queue.removeAll()
        state.held = nil
        state.close = CloseRequest(code: CloseCodes.slowConsumer, reason: "slow consumer: more than \(capacity) messages behind; reconnect with ?since=\(state.lastQueuedSeq)")
        metrics.slowConsumerCloses.add()
        let waiters = state.spaceWaiters
        state.spaceWaiters = []
        for waiter in waiters { waiter.resume() }
        onOverflow()
        return takeWriter(&state)
    }

    /// Who to wake after queueing: the waiting writer, or a new on-demand writer task.
    struct Wake {
        fileprivate var resume: CheckedContinuation<Void, Never>?
        fileprivate var start: (@Sendable () -> Void)?

        static let none = Wake()

        func callAsFunction() {
            resume?.resume()
            start?()
        }
    }

    private func takeWriter(_ state: inout State) -> Wake {
        if let writer = state.writer {
            state.writer = nil
            return Wake(resume: writer)
        }
        guard let start = state.startWriter, !state.writerRunning else { return .none }
        state.writerRunning = true
        return Wake(start: start)
    }

    // MARK: Replay

    /// Holds live events aside from now on. When `rewindTo` is given (a `resume` on a live
    /// connection), queued events after it are dropped, to be replayed in order.
    func beginReplay(rewindTo seq: Int64? = nil) {
        state.withLock { state in
            if state.held == nil { state.held = [] }
            if let seq {
                state.queue.removeAll { $0.seq > seq }
                state.lastQueuedSeq = min(state.lastQueuedSeq, seq)
            }
        }
    }

    /// Queues one replayed event, waiting while the queue is full. Returns `false` once the
    /// connection is closing.
    func enqueueReplayed(_ message: OutboundMessage) async -> Bool {
        while true {
            enum Step { case queued(Wake), full, closed }
            let step: Step = state.withLock { state in
                guard state.close == nil, !state.finished else { return .closed }
                guard state.queue.count < capacity else { return .full }
                state.queue.append(message)
                if message.seq > state.lastQueuedSeq { state.lastQueuedSeq = message.seq }
                return .queued(takeWriter(&state))
            }
            switch step {
            case .queued(let writer):
                writer()
                return true
            case .closed: return false
            case .full:
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state -> Bool in
                        guard state.queue.count >= capacity, state.close == nil, !state.finished else { return true }
                        state.spaceWaiters.append(continuation)
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    /// Ends the replay at `seq` (the log position it covered): releases held live events after
    /// it and goes live.
    func endReplay(through seq: Int64) {
        let writer: Wake = state.withLock { state in
            guard let held = state.held else { return .none }
            state.held = nil
            if seq > state.lastQueuedSeq { state.lastQueuedSeq = seq }
            for shared in held {
                if shared.event.seq > 0 {
                    guard shared.event.seq > state.lastQueuedSeq else { continue }
                    state.lastQueuedSeq = shared.event.seq
                }
                guard state.queue.count < capacity else { return overflow(&state) }
                state.queue.append(shared.message)
            }
            return state.queue.isEmpty ? .none : takeWriter(&state)
        }
        writer()
    }

    // MARK: Closing

    /// Asks the writer to send what is queued, then close with `code`.
    func close(_ code: WebSocketErrorCode, reason: String) {
        let writer: Wake = state.withLock { state in
            guard state.close == nil, !state.finished else { return .none }
            state.close = CloseRequest(code: code, reason: reason)
            return takeWriter(&state)
        }
        writer()
    }

    /// The peer is gone: the writer stops and nothing more is queued.
    func finish() {
        let (writer, waiters): (CheckedContinuation<Void, Never>?, [CheckedContinuation<Void, Never>]) = state.withLock { state in
            state.finished = true
            state.queue.removeAll()
            state.held = nil
            defer {
                state.writer = nil
                state.spaceWaiters = []
            }
            return (state.writer, state.spaceWaiters)
        }
        writer?.resume()
        for waiter in waiters { waiter.resume() }
    }

    // MARK: For the writer

    /// Switches to on-demand writers: from now on, queueing into an idle connection calls
    /// `start`, which must start a task that calls `take()` until it returns `nil`.
    func writeOnDemand(start: @escaping @Sendable () -> Void) {
        state.withLock { $0.startWriter = start }
    }

    /// For an on-demand writer: everything queued, or the close once the queue is empty, or
    /// `.stop`; `nil` when there is nothing to do. After `nil`, `.close` or `.stop` the writer
    /// task must end (a later `send` starts a new one).
    func take() -> Next? {
        let (next, waiters, stopped): (Next?, [CheckedContinuation<Void, Never>], CheckedContinuation<Void, Never>?) = state.withLock { state in
            let next = Self.step(&state)
            var waiters: [CheckedContinuation<Void, Never>] = []
            var stopped: CheckedContinuation<Void, Never>?
            if case .messages = next {
                waiters = state.spaceWaiters
                state.spaceWaiters = []
            } else {
                state.writerRunning = false
                stopped = state.stopWaiter
                state.stopWaiter = nil
            }
            return (next, waiters, stopped)
        }
        for waiter in waiters { waiter.resume() }
        stopped?.resume()
        return next
    }

    /// Returns once no on-demand writer is running. Call after `finish()`, so that none starts again.
    func writerStopped() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                guard state.writerRunning else { return true }
                state.stopWaiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// What the writer does next, `nil` when nothing is queued.
    private static func step(_ state: inout State) -> Next? {
        if state.finished { return .stop }
        if !state.queue.isEmpty {
            state.writerBusy = true
            let batch = Array(state.queue)
            state.queue.removeAll(keepingCapacity: state.queue.count <= 64)
            return .messages(batch)
        }
        if let close = state.close {
            state.finished = true
            return .close(close.code, close.reason)
        }
        return nil
    }

    /// Everything queued, or the close once the queue is empty; waits when there is nothing.
    /// Call from one long-lived task only (not with `writeOnDemand`).
    func next() async -> Next {
        while true {
            let (next, waiters): (Next?, [CheckedContinuation<Void, Never>]) = state.withLock { state in
                let next = Self.step(&state)
                guard case .messages = next else { return (next, []) }
                defer { state.spaceWaiters = [] }
                return (next, state.spaceWaiters)
            }
            if let next {
                for waiter in waiters { waiter.resume() }
                return next
            }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    guard state.queue.isEmpty, state.close == nil, !state.finished else { return true }
                    state.writer = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
