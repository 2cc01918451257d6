import Foundation
import IsomorphiqCore
import IsomorphiqSource

/// Collects a feed's updates in the background so that tests can wait for one to arrive.
final class FeedRecorder: Sendable {
    private let updates = Locked<[SourceUpdate]>([])
    private let task: Task<Void, Never>

    init(_ feed: UpdateChannel) {
        let updates = self.updates
        task = Task { for await update in feed { updates.mutate { $0.append(update) } } }
    }

    deinit { task.cancel() }

    var all: [SourceUpdate] { updates.value }

    /// Task events received, in order.
    var taskEvents: [Event] {
        all.compactMap { if case .event(let event) = $0, event.type.isTaskEvent { event } else { nil } }
    }

    var connections: [ConnectionStatus] {
        all.compactMap { if case .connection(let status) = $0 { status } else { nil } }
    }

    /// Waits (polling every 10 ms) until `condition` holds, at most `timeout`.
    func wait(for what: String, timeout: Duration = .seconds(10), _ condition: (FeedRecorder) -> Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while !condition(self) {
            guard clock.now < deadline else { throw Timeout(what: what) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    struct Timeout: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }
}

/// A value behind a lock.
final class Locked<Value: Sendable>: @unchecked Sendable {
    // @unchecked: every access to `stored` holds `lock`.
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func mutate(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}
