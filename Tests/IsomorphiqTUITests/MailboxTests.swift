import Foundation
import IsomorphiqCore
@testable import IsomorphiqTUI
import Testing

@Suite("Mailbox")
struct MailboxTests {
    static func event(_ n: Int) -> Event {
        EventFactory().taskCreated(
            TaskItem(title: "task \(n)", createdBy: "alice", createdAt: Date(timeIntervalSince1970: 1_800_000_000)),
            context: EventContext(userId: "alice", source: "test"))
    }

    @Test func atTheBoundEventsAreDroppedButACommandCompletionIsKept() {
        let mailbox = Mailbox(capacity: 3)
        mailbox.post(.commandFinished(id: 7, .success([])))
        for n in 0..<5 { mailbox.post(.event(Self.event(n))) }
        let drained = mailbox.drain()
        #expect(drained.count == 3)
        #expect(mailbox.dropped == 3)
        guard case .commandFinished(let id, _) = drained.first else {
            Issue.record("the completion was dropped: \(drained)")
            return
        }
        #expect(id == 7)
        let titles = drained.dropFirst().compactMap { message -> String? in
            if case .event(let event) = message { return event.payload.task?.title }
            return nil
        }
        #expect(titles == ["task 3", "task 4"])
    }

    @Test func belowTheBoundNothingIsDropped() {
        let mailbox = Mailbox(capacity: 10)
        for n in 0..<10 { mailbox.post(.event(Self.event(n))) }
        #expect(mailbox.drain().count == 10)
        #expect(mailbox.dropped == 0)
    }
}
