import Foundation
import IsomorphiqCore
@testable import IsomorphiqTUI
import Synchronization
import Testing

@Suite("Mailbox", .timeLimit(.minutes(1)))
struct MailboxTests {
    static func event(_ n: Int) -> Event {
        EventFactory().taskCreated(
            TaskItem(title: "task \(n)", createdBy: "alice", createdAt: Date(timeIntervalSince1970: 1_800_000_000)),
            context: EventContext(userId: "alice", source: "test"))
    }

    static func titles(_ messages: [Message]) -> [String] {
        messages.compactMap { message -> String? in
            if case .event(let event) = message { return event.payload.task?.title }
            return nil
        }
    }

    @Test("posted messages are never dropped, past the bound too")
    func postNeverDrops() {
        let mailbox = Mailbox(capacity: 3)
        mailbox.post(.commandFinished(id: 7, .success([])))
        for n in 0..<5 { mailbox.post(.event(Self.event(n))) }
        let drained = mailbox.drain()
        #expect(drained.count == 6)
        #expect(Self.titles(drained) == (0..<5).map { "task \($0)" })
    }

    @Test("at the bound a sender waits until the terminal thread drains, then every event arrives in order")
    func sendWaitsForRoom() async throws {
        let mailbox = Mailbox(capacity: 2)
        let sent = Atomic<Int>(0)
        let sender = Task {
            for n in 0..<5 {
                await mailbox.send(.event(Self.event(n)))
                sent.add(1, ordering: .relaxed)
            }
        }
        var received: [Message] = []
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(10))
        while received.count < 5, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            // Never more than the bound waits.
            #expect(mailbox.count <= 2)
            received += mailbox.drain()
        }
        await sender.value
        #expect(Self.titles(received) == (0..<5).map { "task \($0)" })
        let count = sent.load(ordering: .relaxed)
        #expect(count == 5)
    }

    @Test("a sender waiting at the bound returns when cancelled")
    func cancelledSenderReturns() async {
        let mailbox = Mailbox(capacity: 1)
        mailbox.post(.tick)
        let sender = Task { await mailbox.send(.event(Self.event(1))) }
        try? await Task.sleep(for: .milliseconds(50))
        sender.cancel()
        await sender.value
        #expect(mailbox.drain().count == 1)
    }
}
