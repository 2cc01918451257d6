import Foundation
import IsomorphiqCore
import Testing

/// Replay's lean decode against the full one: the same board change for every input, and the
/// same refusal of what the full decode refuses for the reasons replay cares about.
@Suite("Lean decode for replay")
struct BoardChangeDecodeTests {
    static func lean(_ bytes: [UInt8]) throws -> BoardChange {
        try bytes.withUnsafeBufferPointer { try EventCodec.decodeBoardChange($0) }
    }

    @Test func randomEventsGiveTheFullDecodesChange() throws {
        var random = RandomEvents(seed: 20_261_129)
        for _ in 0..<3_000 {
            let event = random.event()
            let bytes = EventCodec.encode(event)
            let change = try Self.lean(bytes)
            #expect(change == BoardChange(try EventCodec.decode(bytes)))
            #expect(change.task == event.payload.task)
        }
    }

    @Test(arguments: SampleEvents.all)
    func everyTypeInAnyKeyOrder(event: Event) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted]
        let pretty = Array(try encoder.encode(event))
        #expect(try Self.lean(pretty) == BoardChange(event))
        #expect(try Self.lean(EventCodec.encode(event)) == BoardChange(event))
    }

    @Test func olderSchemaIsUpcastAndNewerRefused() throws {
        let old = SampleEvents.schemaOneTaskAssigned
        let change = try Self.lean(Array(old.utf8))
        #expect(change == BoardChange(try EventCodec.decode(Array(old.utf8))))
        #expect(change.task?.assignedTo == "bob" && change.seq == 7)
        let future = old.replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":99"#)
        #expect(throws: EventCodecError.self) { try Self.lean(Array(future.utf8)) }
    }

    @Test func brokenJSONAndMissingTasksAreRefused() throws {
        let event = SampleEvents.all.first { $0.type == .taskUpdated }!
        let text = String(decoding: EventCodec.encode(event), as: UTF8.self)
        let broken = [
            String(text.dropLast(3)),
            text.replacingOccurrences(of: #""metadata":{"#, with: #""metadata":{"x":tru,"#),
            text.replacingOccurrences(of: #""task":{"#, with: #""notTheTask":{"#),
            text.replacingOccurrences(of: #""title":""#, with: #""title":1,"t":""#),
        ]
        for input in broken {
            #expect(throws: EventCodecError.self, "\(input)") { try Self.lean(Array(input.utf8)) }
        }
    }
}
