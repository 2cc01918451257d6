public import Foundation
public import IsomorphiqCore

/// Which part of the log a replay reads.
public enum ReplaySelection: Sendable, Hashable {
    case all
    /// Every event that concerns the task (its own, and dependency events naming it).
    case task(TaskID)
    case types(Set<EventType>)
    /// Events with `lower <= seq <= upper`.
    case seqRange(ClosedRange<Int64>)
    /// Events with `lowerBound <= timestamp < upperBound`.
    case timeRange(Range<Date>)
    /// Events after `seq` (exclusive): the tail after a snapshot.
    case after(Int64)

    var query: EventQuery {
        switch self {
        case .all: EventQuery()
        case .task(let id): EventQuery(taskID: id)
        case .types(let types): EventQuery(types: types)
        case .seqRange(let range): EventQuery(afterSeq: range.lowerBound - 1, throughSeq: range.upperBound)
        case .timeRange(let range): EventQuery(since: range.lowerBound, until: range.upperBound)
        case .after(let seq): EventQuery(afterSeq: seq)
        }
    }
}

/// What a replay did.
public struct ReplayStatistics: Sendable, Hashable {
    public var events: Int
    public var pages: Int
    public var elapsed: Duration
    /// The seq of the last event handled (0 when none).
    public var lastSeq: Int64
    /// How many stored events a fold left out because they do not decode (`BoardChange.unreadable`).
    public var unreadableCount = 0
    /// The first of them (at most `unreadableListLimit`), each with why it does not decode.
    public var unreadable: [UnreadableEvent] = []

    public static let unreadableListLimit = 100

    /// A stored event that does not decode.
    public struct UnreadableEvent: Sendable, Hashable {
        public var seq: Int64
        public var detail: String
    }

    mutating func noteUnreadable(seq: Int64, detail: String) {
        unreadableCount += 1
        if unreadable.count < Self.unreadableListLimit { unreadable.append(UnreadableEvent(seq: seq, detail: detail)) }
    }

    public init(events: Int = 0, pages: Int = 0, elapsed: Duration = .zero, lastSeq: Int64 = 0) {
        self.events = events
        self.pages = pages
        self.elapsed = elapsed
        self.lastSeq = lastSeq
    }

    /// Events per second (0 when nothing was measured).
    public var rate: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(events) / seconds : 0
    }
}
