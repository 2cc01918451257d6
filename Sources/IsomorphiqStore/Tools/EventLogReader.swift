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
    /// A damaged log is exported as far as it can be read: when a read fails, the events after the
    /// last one written are read one at a time, each unreadable one skipped, and once every event
    /// has been tried `StoreError.unreadableEvents` names the seqs that were not written (the ones
    /// that were are complete lines). Throws the store's error at once only if even the newest seq
    /// cannot be read.
    @discardableResult
    public func exportJSONLines(since: Int64 = 0, write: (String) -> Void) async throws -> Int {
        var written = 0, last = since
        func emit(_ event: Event) {
            var line = EventCodec.encode(event)
            line.append(UInt8(ascii: "\n"))
            write(String(decoding: line, as: UTF8.self))
            written += 1
            last = event.seq
        }
        do {
            try await ReplayService(store: store).replayPages(.after(since)) { page in page.forEach(emit) }
            return written
        } catch {
            // The damaged part: one event at a time from where the pages stopped, to the newest seq.
            let newest = try await store.lastSeq()
            var skipped: [ClosedRange<Int64>] = []
            while last < newest {
                let probe = last + 1
                if let event = try? await store.read(EventQuery(afterSeq: last, limit: 1)).first {
                    emit(event)
                } else {
                    if let previous = skipped.last, previous.upperBound == probe - 1 {
                        skipped[skipped.count - 1] = previous.lowerBound...probe
                    } else {
                        skipped.append(probe...probe)
                    }
                    last = probe
                }
            }
            if skipped.isEmpty { return written }
            throw StoreError.unreadableEvents(skipped, written: written)
        }
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
