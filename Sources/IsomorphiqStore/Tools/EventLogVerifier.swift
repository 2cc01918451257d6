public import IsomorphiqCore

/// `events verify`: replays the log from empty and checks every other view of it against that.
///
/// Checks that seqs run 1, 2, 3… without gaps; that start-up (`BoardLoader`: newest snapshot plus
/// tail) gives the same board as the full replay; and that every stored snapshot equals the
/// replay stopped at the snapshot's seq; and, for a store that keeps derived read structures
/// (`DerivedIndexChecking`), that its files are undamaged and its derived structures agree with the
/// events; and names every event that does not decode (`SalvagingReader`), which start-up leaves out
/// of the board. A damaged file is reported first, by the store's error (which says how to recover),
/// and nothing else is checked. Reads in pages; holds at most two boards at once.
public struct EventLogVerifier: Sendable {
    public let store: any EventStore
    public let snapshots: (any SnapshotStore)?

    public init(store: any EventStore, snapshots: (any SnapshotStore)?) {
        self.store = store
        self.snapshots = snapshots
    }

    /// The result of one stored snapshot's check.
    public struct SnapshotCheck: Sendable {
        public var seq: Int64
        /// Why the snapshot could not be compared (it does not decode, or is beyond the log), if so.
        public var problem: String?
        public var differences: [BoardDifference]
        public var isConsistent: Bool { problem == nil && differences.isEmpty }
    }

    public struct Report: Sendable {
        public var events: Int
        public var lastSeq: Int64
        /// Seq ranges missing from the log.
        public var gaps: [ClosedRange<Int64>]
        public var tasks: Int
        /// How the start-up board differs from the full replay.
        public var startupDifferences: [BoardDifference]
        public var startupSnapshotSeq: Int64?
        public var snapshots: [SnapshotCheck]
        /// How the store's derived read structures (block summaries) differ from the events.
        public var indexProblems: [String]
        public var replay: ReplayStatistics

        /// Stored events that do not decode (start-up leaves them out of the board).
        public var unreadable: [ReplayStatistics.UnreadableEvent] { replay.unreadable }

        public var isConsistent: Bool {
            replay.unreadableCount == 0 && gaps.isEmpty && startupDifferences.isEmpty && snapshots.allSatisfy(\.isConsistent) && indexProblems.isEmpty
        }

        /// What differs, one line each; empty when consistent.
        public var problems: [String] {
            var lines = replay.unreadable.map { "event \($0.seq) does not decode (\($0.detail)); start-up leaves it out of the board" }
            if replay.unreadableCount > replay.unreadable.count {
                lines.append("… and \(replay.unreadableCount - replay.unreadable.count) more events that do not decode")
            }
            lines += gaps.map { "seq \($0.lowerBound)...\($0.upperBound) missing from the log" }
            lines += startupDifferences.map { "start-up board: \($0)" }
            for check in snapshots {
                if let problem = check.problem { lines.append("snapshot \(check.seq): \(problem)") }
                lines += check.differences.map { "snapshot \(check.seq): \($0)" }
            }
            return lines + indexProblems
        }
    }

    public func verify() async throws -> Report {
        try await (store as? any DerivedIndexChecking)?.checkFiles()
        var pending = try await (snapshots?.list() ?? []).sorted { $0.seq < $1.seq }
        var checks: [SnapshotCheck] = []
        var board = TaskBoard()
        var gaps: [ClosedRange<Int64>] = []
        var expected: Int64 = 1
        func account(_ seq: Int64) async {
            if seq != expected { gaps.append(expected...(seq - 1)) }
            expected = seq + 1
            while let next = pending.first, next.seq <= seq {
                pending.removeFirst()
                checks.append(await check(next.seq, against: next.seq == seq ? board : nil))
            }
        }
        let replay = try await SalvagingReader(store: store).read { item in
            switch item {
            case .event(let event):
                board.apply(event)
                await account(event.seq)
            case .unreadable(let seq, _):
                await account(seq)
            }
        }
        for info in pending {
            checks.append(SnapshotCheck(seq: info.seq, problem: "it is beyond the end of the log (\(replay.lastSeq))", differences: []))
        }
        let loaded = try await BoardLoader(store: store, snapshots: snapshots).load()
        let indexProblems = try await (store as? any DerivedIndexChecking)?.derivedIndexProblems() ?? []
        return Report(
            events: replay.events, lastSeq: replay.lastSeq, gaps: gaps, tasks: board.count,
            startupDifferences: BoardDifference.compare(board, loaded.board), startupSnapshotSeq: loaded.snapshotSeq,
            snapshots: checks, indexProblems: indexProblems, replay: replay)
    }

    private func check(_ seq: Int64, against replayed: TaskBoard?) async -> SnapshotCheck {
        guard let replayed else {
            return SnapshotCheck(seq: seq, problem: "no event has this seq", differences: [])
        }
        do {
            guard let snapshot = try await snapshots?.board(at: seq) else {
                return SnapshotCheck(seq: seq, problem: "it disappeared during the check", differences: [])
            }
            return SnapshotCheck(seq: seq, problem: nil, differences: BoardDifference.compare(replayed, snapshot))
        } catch {
            return SnapshotCheck(seq: seq, problem: "it does not decode: \(error)", differences: [])
        }
    }
}
