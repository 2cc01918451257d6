import Foundation
import IsomorphiqCore
@testable import IsomorphiqTUI
import Synchronization
import Testing
@testable import IsomorphiqSource

/// The bounded channel between a source and the UI: senders wait at the bound, nothing is lost,
/// order is kept, and either side leaving ends it.
@Suite("Update channel", .timeLimit(.minutes(1)))
struct UpdateChannelTests {
    static func event(_ n: Int) -> SourceUpdate {
        .event(Event(timestamp: Date(timeIntervalSince1970: 1_800_000_000), seq: Int64(n), payload: .systemStarted(SystemNotice(version: "\(n)")),
                     metadata: EventMetadata(userId: "test", source: "test")))
    }

    static func seq(_ update: SourceUpdate?) -> Int64? {
        if case .event(let event) = update { return event.seq }
        return nil
    }

    @Test("four senders far past the bound: every update arrives once, each sender's in its order, never more than the bound buffered")
    func boundedAndLossless() async {
        let channel = UpdateChannel(capacity: 8)
        let senders = Task {
            await withTaskGroup(of: Void.self) { group in
                for sender in 0..<4 {
                    group.addTask { for n in 0..<500 { await channel.send(Self.event(sender * 1_000 + n)) } }
                }
            }
            channel.finish()
        }
        var seen: [Int64] = []
        for await update in channel {
            if let seq = Self.seq(update) { seen.append(seq) }
            if seen.count % 97 == 0 { try? await Task.sleep(for: .milliseconds(1)) }  // a slow consumer now and then
        }
        await senders.value
        #expect(seen.count == 2_000)
        #expect(Set(seen).count == 2_000)
        for sender in 0..<4 {
            let mine = seen.filter { $0 / 1_000 == Int64(sender) }
            #expect(mine == mine.sorted())
        }
    }

    @Test("a consumer that leaves ends the channel: a waiting sender returns false, later sends too, and onFinish runs")
    func consumerLeaves() async {
        let channel = UpdateChannel(capacity: 1)
        let finished = Atomic<Bool>(false)
        channel.onFinish { finished.store(true, ordering: .relaxed) }
        #expect(await channel.send(Self.event(1)))
        let waiting = Task { await channel.send(Self.event(2)) }
        let consumer = Task { () -> Int64? in
            var iterator = channel.makeAsyncIterator()
            return Self.seq(await iterator.next())
        }
        #expect(await consumer.value == 1)
        // The consumer took one and the waiting sender's update moved in; now nobody reads.
        #expect(await waiting.value)
        let leaving = Task { () -> SourceUpdate? in
            var iterator = channel.makeAsyncIterator()
            _ = await iterator.next()
            return await iterator.next()
        }
        try? await Task.sleep(for: .milliseconds(50))
        leaving.cancel()
        #expect(await leaving.value == nil)
        #expect(channel.isFinished)
        let hookRan = finished.load(ordering: .relaxed)
        #expect(hookRan)
        #expect(await channel.send(Self.event(3)) == false)
    }
}
