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
        enum Outcome { case none, wake(CheckedContinuation<Void, Never>?), direct }
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
            writer?.resume()
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
            let writer = state.withLock { state in state.close == nil && !state.finished ? overflow(&state) : nil }
            writer?.resume()
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
        let writer: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard state.close == nil, !state.finished else { return nil }
            guard state.queue.count < capacity else { return overflow(&state) }
            state.queue.append(message)
            return takeWriter(&state)
        }
        writer?.resume()
    }

    private func overflow(_ state: inout State) -> CheckedContinuation<Void, Never>? {
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

    private func takeWriter(_ state: inout State) -> CheckedContinuation<Void, Never>? {
        defer { state.writer = nil }
        return state.writer
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
            enum Step { case queued(CheckedContinuation<Void, Never>?), full, closed }
            let step: Step = state.withLock { state in
                guard state.close == nil, !state.finished else { return .closed }
                guard state.queue.count < capacity else { return .full }
                state.queue.append(message)
                if message.seq > state.lastQueuedSeq { state.lastQueuedSeq = message.seq }
                return .queued(takeWriter(&state))
            }
            switch step {
            case .queued(let writer):
                writer?.resume()
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
        let writer: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard let held = state.held else { return nil }
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
            return state.queue.isEmpty ? nil : takeWriter(&state)
        }
        writer?.resume()
    }

    // MARK: Closing

    /// Asks the writer to send what is queued, then close with `code`.
    func close(_ code: WebSocketErrorCode, reason: String) {
        let writer: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard state.close == nil, !state.finished else { return nil }
            state.close = CloseRequest(code: code, reason: reason)
            return takeWriter(&state)
        }
        writer?.resume()
    }

    /// The peer is gone: the writer stops and nothing more is queued.
    func finish() {
        let (writer, waiters): (CheckedContinuation<Void, Never>?, [CheckedContinuation<Void, Never>]) = state.withLock { state in
            state.finished = true
            state.queue.removeAll()
            state.held = nil
            defer { state.spaceWaiters = [] }
            return (takeWriter(&state), state.spaceWaiters)
        }
        writer?.resume()
        for waiter in waiters { waiter.resume() }
    }

    // MARK: For the writer

    /// Everything queued, or the close once the queue is empty; waits when there is nothing.
    /// Call from one task only.
    func next() async -> Next {
        while true {
            enum Step { case ready(Next, [CheckedContinuation<Void, Never>]), wait }
            let step: Step = state.withLock { state in
                if state.finished { return .ready(.stop, []) }
                if !state.queue.isEmpty {
                    state.writerBusy = true
                    let batch = Array(state.queue)
                    state.queue.removeAll(keepingCapacity: state.queue.count <= 64)
                    defer { state.spaceWaiters = [] }
                    return .ready(.messages(batch), state.spaceWaiters)
                }
                if let close = state.close {
                    state.finished = true
                    return .ready(.close(close.code, close.reason), [])
                }
                return .wait
            }
            switch step {
            case .ready(let next, let waiters):
                for waiter in waiters { waiter.resume() }
                return next
            case .wait:
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
}
