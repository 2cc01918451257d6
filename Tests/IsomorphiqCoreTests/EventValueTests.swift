import Foundation
import IsomorphiqCore
import Testing

/// `seq` lives beside the event's shared box: sequencing must not change what an event is, and
/// two positions of the same event must stay different values.
@Suite("Event as a value")
struct EventValueTests {
    static func sample() -> Event {
        let task = TaskItem(title: "Write the report", createdBy: "alice", createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        return EventFactory().taskCreated(task, context: EventContext(userId: "alice", source: "test"))
    }

    @Test func sequencingKeepsEverythingButTheSeq() {
        let event = Self.sample()
        let stored = event.sequenced(42)
        #expect(stored.seq == 42 && event.seq == 0)
        #expect(stored.id == event.id && stored.timestamp == event.timestamp)
        #expect(stored.payload == event.payload && stored.metadata == event.metadata)
    }

    @Test func theSameEventAtTwoPositionsIsNotEqual() {
        let event = Self.sample()
        #expect(event.sequenced(1) != event.sequenced(2))
        #expect(event.sequenced(3) == event.sequenced(3))
        #expect(Set([event.sequenced(1), event.sequenced(2), event.sequenced(1)]).count == 2)
    }

    @Test func settingTheSeqLeavesOtherCopiesAlone() {
        let event = Self.sample().sequenced(7)
        var copy = event
        copy.seq = 8
        #expect(event.seq == 7 && copy.seq == 8 && copy.id == event.id)
    }
}
