import Foundation
import IsomorphiqCore
import Testing

/// The JSON form of events is a contract with every client: these tests pin it byte for byte.
/// Re-record deliberately with `RECORD_GOLDEN=1 swift test --filter EventCodecTests`.
@Suite("Event JSON")
struct EventCodecTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func encode(_ event: Event) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(event), as: UTF8.self) + "\n"
    }

    @Test(arguments: SampleEvents.all)
    func goldenForm(event: Event) throws {
        let file = Self.goldenDirectory.appendingPathComponent("\(event.type.rawValue).json")
        let actual = try Self.encode(event)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "the JSON form of \(event.type.rawValue) changed; see \(file.path)")
    }

    @Test(arguments: SampleEvents.all)
    func roundTrip(event: Event) throws {
        let decoded = try JSONDecoder().decode(Event.self, from: JSONEncoder().encode(event))
        #expect(decoded == event)
    }

    @Test func everyTypeHasASample() {
        #expect(Set(SampleEvents.all.map(\.type)) == Set(EventType.allCases))
    }

    @Test func schemaOneTaskAssignedIsUpcast() throws {
        let old = SampleEvents.schemaOneTaskAssigned
        let event = try JSONDecoder().decode(Event.self, from: Data(old.utf8))
        guard case .taskAssigned(let payload) = event.payload else { Issue.record("expected task_assigned"); return }
        #expect(payload.assignedTo == "bob")
        #expect(payload.oldAssignee == "carol")
        #expect(payload.updatedBy == "alice")
        #expect(event.metadata.schemaVersion == EventMetadata.currentSchemaVersion)
        #expect(event.seq == 7)
        #expect(payload.task.version == 1)
    }

    @Test func newerSchemaIsRefused() {
        let future = """
            {"id":"00000000-0000-4000-8000-000000000100","type":"system_started","timestamp":"2026-11-29T10:00:00.000Z",
             "data":{"version":"9"},"metadata":{"userId":"system","source":"system","schemaVersion":99}}
            """
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Event.self, from: Data(future.utf8)) }
    }

    @Test func unknownTypeIsRefused() {
        let unknown = """
            {"id":"00000000-0000-4000-8000-000000000100","type":"task_exploded","timestamp":"2026-11-29T10:00:00.000Z",
             "data":{},"metadata":{"userId":"system","source":"system","schemaVersion":2}}
            """
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Event.self, from: Data(unknown.utf8)) }
    }

    @Test func timestampsAreISO8601WithMillisecondsInUTC() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_796_000_000.123_9)) == "2026-11-30T00:53:20.123Z")
        #expect(Timestamp.parse("2026-11-30T00:53:20.123Z") == Timestamp.truncated(Date(timeIntervalSince1970: 1_796_000_000.123_4)))
        #expect(Timestamp.parse("yesterday") == nil)
    }
}
