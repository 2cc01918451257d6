import Foundation
import IsomorphiqCore
import Testing

/// `EventCodec` against the `Codable` path: same bytes out, same values in, both directions.
@Suite("Fast event codec: round trips")
struct FastCodecRoundTripTests {
    /// The form `EventCodec` promises to match byte for byte.
    static func foundationCompact(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func foundationPretty(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted]
        return try encoder.encode(value)
    }

    @Test(arguments: SampleEvents.all)
    func sampleEventsMatchFoundation(event: Event) throws {
        let fast = EventCodec.encode(event)
        #expect(fast == (try Self.foundationCompact(event)))
        #expect(try EventCodec.decode(fast) == event)
        #expect(try JSONDecoder().decode(Event.self, from: Data(fast)) == event)
        #expect(try EventCodec.decode(JSONEncoder().encode(event)) == event)
        #expect(try EventCodec.decode(Self.foundationPretty(event)) == event)
    }

    @Test(arguments: SampleEvents.all)
    func goldenFilesDecodeToTheSamples(event: Event) throws {
        let file = EventCodecTests.goldenDirectory.appendingPathComponent("\(event.type.rawValue).json")
        #expect(try EventCodec.decode(Data(contentsOf: file)) == event)
    }

    @Test func randomEventsMatchFoundation() throws {
        var random = RandomEvents(seed: 20_261_130)
        var mismatches = 0
        for _ in 0..<3_000 {
            let event = random.event()
            let fast = EventCodec.encode(event)
            let foundation = try Self.foundationCompact(event)
            if fast != foundation, mismatches < 3 {
                mismatches += 1
                Issue.record("bytes differ:\nfast:       \(String(decoding: fast, as: UTF8.self))\nfoundation: \(String(decoding: foundation, as: UTF8.self))")
            }
            let decoded = try EventCodec.decode(fast)
            #expect(decoded == event)
            #expect(try JSONDecoder().decode(Event.self, from: Data(fast)) == event)
            #expect(try EventCodec.decode(JSONEncoder().encode(event)) == event)
            if decoded != event { break }
        }
        #expect(mismatches == 0)
    }

    @Test func prettyFoundationOutputInAnyKeyOrderDecodes() throws {
        var random = RandomEvents(seed: 7)
        for _ in 0..<300 {
            let event = random.event()
            #expect(try EventCodec.decode(Self.foundationPretty(event)) == event)
        }
    }

    @Test func tasksAndBoardsMatchFoundation() throws {
        var random = RandomEvents(seed: 99)
        let tasks = (0..<200).map { _ in random.task() }
        for task in tasks.prefix(50) {
            #expect(EventCodec.encode(task) == (try Self.foundationCompact(task)))
            #expect(try EventCodec.decodeTask(EventCodec.encode(task)) == task)
            #expect(try EventCodec.decodeTask(JSONEncoder().encode(task)) == task)
        }
        let board = TaskBoard(tasks: tasks, lastSeq: 123_456)
        let fast = EventCodec.encode(board)
        #expect(fast == (try Self.foundationCompact(board)))
        #expect(try EventCodec.decodeBoard(fast) == board)
        #expect(try JSONDecoder().decode(TaskBoard.self, from: Data(fast)) == board)
        #expect(try EventCodec.decodeBoard(JSONEncoder().encode(board)) == board)
        #expect(try EventCodec.decodeBoard(EventCodec.encode(TaskBoard())) == TaskBoard())
    }

    @Test func encodingIntoABufferAppends() {
        let event = SampleEvents.all[0]
        var bytes = Array("[".utf8)
        EventCodec.encode(event, into: &bytes)
        #expect(bytes == Array("[".utf8) + EventCodec.encode(event))
    }
}
