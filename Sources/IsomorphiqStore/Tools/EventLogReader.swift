import Foundation
public import IsomorphiqCore

/// The reading commands of `events`: export, tail and follow, over any `EventStore`.
///
/// Output goes to a `write` closure, one complete line per call (newline included), so the CLI
/// sends it to stdout and tests collect it.
public struct EventLogReader: Sendable {
    public let store: any EventStore

    public init(store: any EventStore) {
        self.store = store
    }

    /// Writes every event with `seq > since` as one JSON object per line (the `Event` JSON form,
    /// with `seq`), oldest first. Returns how many were written.
    ///
    /// A damaged log is exported as far as it can be read (`SalvagingReader`: a page that fails is
    /// read again one seq at a time), and once every event has been tried
    /// `StoreError.unreadableEvents` names the seqs that were not written (the ones that were are
    /// complete lines).
    @discardableResult
    public func exportJSONLines(since: Int64 = 0, write: (String) -> Void) async throws -> Int {
        var written = 0
        var skipped: [ClosedRange<Int64>] = []
        _ = try await SalvagingReader(store: store).read(after: since) { item in
            switch item {
            case .event(let event):
                var line = EventCodec.encode(event)
                line.append(UInt8(ascii: "\n"))
                write(String(decoding: line, as: UTF8.self))
                written += 1
            case .unreadable(let seq, _):
                if let previous = skipped.last, previous.upperBound == seq - 1 {
                    skipped[skipped.count - 1] = previous.lowerBound...seq
                } else {
                    skipped.append(seq...seq)
                }
            }
        }
        if !skipped.isEmpty { throw StoreError.unreadableEvents(skipped, written: written) }
        return written
    }

    /// The newest `count` events, oldest first.
    public func last(_ count: Int) async throws -> [Event] {
        let lastSeq = try await store.lastSeq()
        return try await store.read(EventQuery(afterSeq: max(0, lastSeq - Int64(max(0, count)))))
    }

    /// Calls `handler` with each event appended after `seq`, as appends are noticed, until the
    /// store closes or the task is cancelled. Waits without polling on its side (see
    /// `SQLiteEventStore.Options.watchInterval` for how another process's appends are noticed).
    public func follow(after seq: Int64, handler: ([Event]) async throws -> Void) async throws {
        var shown = seq
        let notifications = store.appendNotifications()
        // Appends made between the caller's read and the subscription are caught here.
        shown = try await deliver(after: shown, handler: handler)
        for await last in notifications where last > shown {
            shown = try await deliver(after: shown, handler: handler)
        }
    }

    private func deliver(after seq: Int64, handler: ([Event]) async throws -> Void) async throws -> Int64 {
        var shown = seq
        try await ReplayService(store: store).replayPages(.after(seq)) { page in
            try await handler(page)
            shown = page.last?.seq ?? shown
        }
        return shown
    }

    /// One human-readable line: `seq  time  type  #task  actor  title`.
    public static func line(_ event: Event) -> String {
        let task = event.payload.task
        let id = task.map { "#\($0.shortID)" } ?? "-"
        let title = task.map { "  \($0.title)" } ?? ""
        return "\(event.seq)  \(Timestamp.format(event.timestamp))  \(event.type.rawValue)  \(id)  \(event.actor)\(title)"
    }

    /// One JSON line (the `Event` JSON form, compact with sorted keys: `EventCodec`). Never throws
    /// (kept `throws` for source compatibility).
    public static func jsonLine(_ event: Event) throws -> String {
        String(decoding: EventCodec.encode(event), as: UTF8.self)
    }
}
