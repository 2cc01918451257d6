/// The remote source's connection as a state machine, free of I/O: the driver feeds it what
/// happened (the socket opened, a `welcome`, an event, the socket closed, a timer fired) and
/// carries out the actions it returns. It holds the last seq seen, so that every reconnect
/// resumes from it and no event is delivered twice.
///
/// ```
/// connecting ──welcome──▶ resuming ──resumed──▶ live ──closed──▶ backingOff ──retryDue──▶ connecting
///                            └──resync_required / server log behind──▶ reloading ──reloaded──▶ live
/// ```
public struct ConnectionMachine: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        case idle
        /// Opening the socket; `attempt` counts from 1 and restarts after a live period.
        case connecting(attempt: Int)
        /// `welcome` came; the server replays what was missed until `resumed`.
        case resuming
        /// Loading the whole board again (`resync_required`, or the first load).
        case reloading
        case live
        /// Waiting `delay` before attempt `attempt`.
        case backingOff(attempt: Int, delay: Duration, reason: String)
        case stopped
    }

    public enum Action: Sendable, Hashable {
        /// Open the WebSocket, asking for the events after `afterSeq` (`nil`: none, live only).
        case open(afterSeq: Int64?)
        /// Load the whole board (REST), then call `reloaded(seq:)`.
        case reload
        /// Call `retryDue()` after this long.
        case wait(Duration)
        /// The phase changed: tell the UI.
        case report(Phase)
        /// Close the socket.
        case close
    }

    public private(set) var phase: Phase = .idle
    /// The seq of the last task event delivered (or of the board loaded).
    public private(set) var lastSeq: Int64
    /// Whether a board has been loaded; until then a `welcome` is followed by a load, not a resume.
    public private(set) var hasBoard: Bool
    public var backoff: Backoff
    private var attempt = 0

    public init(lastSeq: Int64? = nil, backoff: Backoff = Backoff()) {
        self.lastSeq = lastSeq ?? 0
        self.hasBoard = lastSeq != nil
        self.backoff = backoff
    }

    public mutating func start() -> [Action] {
        guard phase == .idle else { return [] }
        return connect()
    }

    /// The server's `welcome`, with the newest seq of its log.
    public mutating func welcomed(serverSeq: Int64) -> [Action] {
        guard case .connecting = phase else { return [] }
        guard hasBoard, serverSeq >= lastSeq else {
            // First connect, or the server's log is behind what we saw (a different or reset
            // store): only a fresh board is right.
            phase = .reloading
            return [.reload]
        }
        phase = .resuming
        return []
    }

    /// `resumed`: the replay is complete, events from now on are live.
    public mutating func resumed() -> [Action] {
        guard phase == .resuming else { return [] }
        return goLive()
    }

    /// `resync_required`: the log no longer holds what we missed.
    public mutating func resyncRequired() -> [Action] {
        guard phase == .resuming || phase == .live else { return [] }
        phase = .reloading
        return [.reload]
    }

    /// The board was loaded at `seq`.
    public mutating func reloaded(seq: Int64) -> [Action] {
        guard phase == .reloading else { return [] }
        lastSeq = seq
        hasBoard = true
        return goLive()
    }

    /// Whether an event with `seq` is new (system events, seq 0, always are); remembers it.
    public mutating func accept(seq: Int64) -> Bool {
        guard seq > 0 else { return true }
        guard seq > lastSeq else { return false }
        lastSeq = seq
        return true
    }

    /// The socket closed or could not open (or the reload failed). `random` in `[0, 1)` is the jitter.
    public mutating func closed(reason: String, random: Double) -> [Action] {
        switch phase {
        case .connecting, .resuming, .reloading, .live:
            attempt += 1
            let delay = backoff.delay(attempt: attempt, random: random)
            phase = .backingOff(attempt: attempt + 1, delay: delay, reason: reason)
            return [.report(phase), .wait(delay)]
        case .idle, .backingOff, .stopped:
            return []
        }
    }

    /// The backoff timer fired.
    public mutating func retryDue() -> [Action] {
        guard case .backingOff = phase else { return [] }
        return connect()
    }

    public mutating func stop() -> [Action] {
        guard phase != .stopped else { return [] }
        phase = .stopped
        return [.close]
    }

    private mutating func connect() -> [Action] {
        phase = .connecting(attempt: attempt + 1)
        return [.report(phase), .open(afterSeq: hasBoard ? lastSeq : nil)]
    }

    private mutating func goLive() -> [Action] {
        attempt = 0
        phase = .live
        return [.report(.live)]
    }
}
