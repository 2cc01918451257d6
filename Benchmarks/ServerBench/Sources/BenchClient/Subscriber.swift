import Foundation
import Histogram
import HummingbirdWSClient
import Logging
import Synchronization

/// Counts and latencies of one phase, shared by every subscriber (each records under its own
/// lock, merged at the end).
final class Subscriber: Sendable {
    private struct State {
        var received = 0
        var latency = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .two)
        var welcomed = false
    }

    private let state = Mutex(State())

    var received: Int { state.withLock { $0.received } }
    var welcomed: Bool { state.withLock { $0.welcomed } }

    func reset() {
        state.withLock { state in
            state.received = 0
            state.latency.reset()
        }
    }

    func latency() -> Histogram<UInt64> { state.withLock { $0.latency } }

    /// Connects and reads until the connection ends.
    func run(port: Int, token: String, logger: Logger) async {
        do {
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/ws?token=\(token)&program=bench", logger: logger) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    self.record(text)
                }
            }
        } catch {
            logger.error("subscriber failed: \(error)")
        }
    }

    private static let marker = Array("\"title\":\"t".utf8)

    private func record(_ text: String) {
        let now = monotonicNanos()
        var sent: UInt64 = 0
        var utf8 = text.utf8.makeIterator()
        var matched = 0
        var found = false
        while let byte = utf8.next() {
            if found {
                guard byte >= 48, byte <= 57 else { break }
                sent = sent * 10 + UInt64(byte - 48)
            } else if byte == Self.marker[matched] {
                matched += 1
                if matched == Self.marker.count { found = true }
            } else {
                matched = byte == Self.marker[0] ? 1 : 0
            }
        }
        state.withLock { state in
            guard found else {
                state.welcomed = true
                return
            }
            state.received += 1
            _ = state.latency.record(now > sent ? (now - sent) / 1000 : 0)
        }
    }
}
