import Foundation
import IsomorphiqCore
import Testing

@Suite("Event ids")
struct EventIDTests {
    @Test("the wire form of an id is the lower-case UUID string")
    func wireForm() {
        for _ in 0..<1_000 {
            let id = RandomUUID.make()
            #expect(id.wire == id.uuidString.lowercased())
        }
        let fixed = UUID(uuidString: "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9")!
        #expect(fixed.wire == "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")
    }

    @Test("new event ids are version 7: they carry their millisecond and sort by it, as text too")
    func timeOrdered() {
        let factory = EventFactory()
        var previous: (millis: UInt64, wire: String)?
        for step in 0..<200 {
            let date = Date(timeIntervalSince1970: Double(1_800_000_000_000 + step) / 1000)
            let id = TimeOrderedUUID.make(at: date)
            let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
            let millis = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect(millis == UInt64(1_800_000_000_000 + step))
            #expect(bytes[6] >> 4 == 7 && bytes[8] >> 6 == 0b10)
            if let previous { #expect(previous.millis < millis && previous.wire < id.wire) }
            previous = (millis, id.wire)
        }
        let event = factory.systemStarted(SystemNotice(version: "1", message: nil))
        #expect(withUnsafeBytes(of: event.id.uuid) { $0[6] >> 4 } == 7)
        // Task ids stay random: people type their first few digits.
        #expect(withUnsafeBytes(of: factory.makeTaskID().uuid) { $0[6] >> 4 } == 4)
        #expect(Set((0..<1_000).map { _ in TimeOrderedUUID.make() }).count == 1_000)
    }
}
