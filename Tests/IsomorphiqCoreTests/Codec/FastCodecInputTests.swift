import Foundation
import IsomorphiqCore
import Testing

/// What `EventCodec.decode` accepts and refuses; each refusal is also `JSONDecoder`'s, so both
/// paths agree on what an event is.
@Suite("Fast event codec: inputs")
struct FastCodecInputTests {
    static let id = "00000000-0000-4000-8000-000000000100"
    static let taskJSON = #"{"id":"00000000-0000-4000-8000-000000000001","title":"T","status":"todo","createdBy":"alice","createdAt":"2026-11-30T00:53:20.000Z"}"#

    static func event(type: String = "task_created", data: String = #"{"createdBy":"alice","task":\#(taskJSON)}"#,
                      metadata: String = #"{"userId":"alice","source":"tui","schemaVersion":2}"#, extra: String = "") -> String {
        #"{"id":"\#(id)","type":"\#(type)","timestamp":"2026-11-30T00:55:20.500Z",\#(extra)"data":\#(data),"metadata":\#(metadata)}"#
    }

    static func withTask(_ replace: String, by replacement: String) -> String {
        event(data: #"{"createdBy":"alice","task":\#(taskJSON.replacingOccurrences(of: replace, with: replacement))}"#)
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        /// `JSONDecoder` is laxer here: it accepts trailing commas, and does not check strings it skips.
        let foundationAccepts: Bool
        var testDescription: String { name }
        init(_ name: String, _ text: String, foundationAccepts: Bool = false) {
            self.name = name
            bytes = Array(text.utf8)
            self.foundationAccepts = foundationAccepts
        }
        init(_ name: String, bytes: [UInt8], foundationAccepts: Bool = false) {
            self.name = name
            self.bytes = bytes
            self.foundationAccepts = foundationAccepts
        }
    }

    static let valid = event()

    static let malformed: [Malformed] = [
        Malformed("empty", ""),
        Malformed("null", "null"),
        Malformed("an array", "[\(valid)]"),
        Malformed("truncated", String(valid.prefix(valid.count / 2))),
        Malformed("truncated by one byte", String(valid.dropLast())),
        Malformed("truncated inside a string", #"{"id":"00000000-0000"#),
        Malformed("trailing comma in an object", valid.replacingOccurrences(of: #""schemaVersion":2}"#, with: #""schemaVersion":2,}"#), foundationAccepts: true),
        Malformed("trailing comma in an array", withTask(#""status""#, by: #""tags":["a",],"status""#), foundationAccepts: true),
        Malformed("missing comma", valid.replacingOccurrences(of: #"","data""#, with: #"" "data""#)),
        Malformed("trailing garbage", valid + "x"),
        Malformed("two values", valid + valid),
        Malformed("bad escape", withTask(#""T""#, by: #""a\x""#)),
        Malformed("lone high surrogate", withTask(#""T""#, by: #""\ud800""#)),
        Malformed("lone low surrogate", withTask(#""T""#, by: #""\udc00x""#)),
        Malformed("high surrogate then a letter", withTask(#""T""#, by: #""\ud800\u0041""#)),
        Malformed("short unicode escape", withTask(#""T""#, by: #""\u12""#)),
        Malformed("raw control character", withTask(#""T""#, by: "\"a\u{1}b\"")),
        Malformed("invalid UTF-8", bytes: Array(withTask(#""T""#, by: #""ab""#).utf8).replacing([0x61, 0x62], with: [0xFF, 0xC3])),
        Malformed("invalid UTF-8 in an unknown key", bytes: Array(event(extra: #""x":"ab","#).utf8).replacing([0x61, 0x62], with: [0xC0, 0xAF]),
                  foundationAccepts: true),
        Malformed("title is a number", withTask(#""T""#, by: "5")),
        Malformed("title is null", withTask(#""T""#, by: "null")),
        Malformed("version is a string", withTask(#""title""#, by: #""version":"3","title""#)),
        Malformed("version has a fraction", withTask(#""title""#, by: #""version":3.5,"title""#)),
        Malformed("leading zero", withTask(#""title""#, by: #""version":03,"title""#)),
        Malformed("tags is a string", withTask(#""title""#, by: #""tags":"a","title""#)),
        Malformed("unknown status", withTask(#""todo""#, by: #""later""#)),
        Malformed("bad UUID", withTask("000000000001", by: "00000000000g")),
        Malformed("bad timestamp", withTask("2026-11-30T00:53:20.000Z", by: "2026-13-30T00:53:20.000Z")),
        Malformed("not a timestamp", withTask("2026-11-30T00:53:20.000Z", by: "yesterday")),
        Malformed("seq is a string", event(extra: #""seq":"1","#)),
        Malformed("missing title", withTask(#""title":"T","#, by: "")),
        Malformed("missing createdAt", withTask(#","createdAt":"2026-11-30T00:53:20.000Z""#, by: "")),
        Malformed("missing type", valid.replacingOccurrences(of: #""type":"task_created","#, with: "")),
        Malformed("missing data", #"{"id":"\#(id)","type":"system_started","timestamp":"2026-11-30T00:55:20.500Z","metadata":{"userId":"a","schemaVersion":2}}"#),
        Malformed("missing metadata", #"{"id":"\#(id)","type":"system_started","timestamp":"2026-11-30T00:55:20.500Z","data":{"version":"1"}}"#),
        Malformed("missing userId", event(metadata: #"{"source":"tui","schemaVersion":2}"#)),
        Malformed("missing taskId", event(type: "task_deleted", data: #"{"deletedBy":"alice","task":\#(taskJSON)}"#)),
        Malformed("missing members set", event(type: "task_watchers_updated", data: #"{"taskId":"00000000-0000-4000-8000-000000000001","updatedBy":"a","task":\#(taskJSON),"collaborators":[]}"#)),
        Malformed("data is a string", event(data: #""task""#)),
        Malformed("unknown type", event(type: "task_exploded")),
        Malformed("newer schema", event(metadata: #"{"userId":"alice","schemaVersion":3}"#)),
        Malformed("invalid literal", event(extra: #""x":tru,"#)),
        Malformed("NaN", event(extra: #""x":NaN,"#)),
        Malformed("single quotes", valid.replacingOccurrences(of: #""title""#, with: "'title'")),
        Malformed("too deeply nested", event(extra: #""x":"# + String(repeating: "[", count: 100_000) + ",")),
        Malformed("unterminated nested data", event(data: String(repeating: "{\"a\":", count: 3))),
    ]

    @Test(arguments: malformed)
    func malformedInputIsRefused(input: Malformed) {
        #expect(throws: EventCodecError.self) { try EventCodec.decode(input.bytes) }
        let foundation = try? JSONDecoder().decode(Event.self, from: Data(input.bytes))
        #expect((foundation != nil) == input.foundationAccepts, "JSONDecoder disagrees")
    }

    @Test func theBaseInputIsValid() throws {
        let event = try EventCodec.decode(Array(Self.valid.utf8))
        #expect(event == (try JSONDecoder().decode(Event.self, from: Data(Self.valid.utf8))))
        #expect(event.payload.task?.priority == .medium)
        #expect(event.payload.task?.version == 1)
        #expect(event.payload.task?.updatedAt == event.payload.task?.createdAt)
    }

    @Test func errorsNameWhatIsWrong() {
        let missing = #expect(throws: EventCodecError.self) { try EventCodec.decode(Array(Self.withTask(#""title":"T","#, by: "").utf8)) }
        #expect(missing?.message == "missing key 'title' in task")
        let unknown = #expect(throws: EventCodecError.self) { try EventCodec.decode(Array(Self.event(type: "task_exploded").utf8)) }
        #expect(unknown?.isUnknownEventType == true)
        #expect(unknown?.message.contains("task_exploded") == true)
        let newer = #expect(throws: EventCodecError.self) {
            try EventCodec.decode(Array(Self.event(metadata: #"{"userId":"alice","schemaVersion":3}"#).utf8))
        }
        #expect(newer?.isNewerSchema == true)
    }

    /// Inputs both paths accept, decoded to the same event.
    @Test(arguments: [
        ("upper-case UUIDs", withTask("00000000-0000-4000-8000-000000000001", by: "00000000-0000-4000-8000-00000000000A")),
        ("whole-second timestamp", withTask("2026-11-30T00:53:20.000Z", by: "2026-11-30T00:53:20Z")),
        ("timestamp with an offset", withTask("2026-11-30T00:53:20.000Z", by: "2026-11-30T01:53:20.250+01:00")),
        ("whitespace everywhere", " \n\t" + valid.replacingOccurrences(of: "\":", with: "\" :\r\n ").replacingOccurrences(of: ",\"", with: " ,\t\"")
            .replacingOccurrences(of: "{", with: "{ ").replacingOccurrences(of: "}", with: " }") + " \n"),
        ("unknown keys", event(extra: #""extra":{"a":[1,2.5e3,-0,true,false,null,"\u00e9\ud83d\ude00"]},"seqs":[],"#)),
        ("escaped keys and values", withTask(#""title":"T""#, by: #""\u0074itle":"\"\\\/\b\f\n\r\t\u0001\u00e9\ud83d\ude00""#)),
        ("null optionals", withTask(#""title""#, by: #""description":null,"assignedTo":null,"due":null,"updatedAt":null,"priority":null,"tags":null,"version":null,"title""#)),
        ("seq null", event(extra: #""seq":null,"#)),
        ("seq present", event(extra: #""seq":9007199254740993,"#)),
        ("version as 3.0", withTask(#""title""#, by: #""version":3.0,"title""#)),
        ("schema 1, upcast", event(type: "task_assigned", data: #"{"taskId":"00000000-0000-4000-8000-000000000001","assignee":"bob","task":\#(taskJSON)}"#, metadata: #"{"userId":"alice","schemaVersion":1}"#)),
        ("no schema version (1), upcast", event(metadata: #"{"userId":"alice"}"#)),
        ("changes with nested values", event(type: "task_updated", data: #"{"taskId":"00000000-0000-4000-8000-000000000001","updatedBy":"a","task":\#(taskJSON),"changes":{"b":{"old":null,"new":[1,{"x":"y"}]},"a":{"new":1e2,"old":0.5}}}"#)),
    ])
    func acceptedLikeFoundation(name: String, text: String) throws {
        let foundation = try JSONDecoder().decode(Event.self, from: Data(text.utf8))
        #expect(try EventCodec.decode(Array(text.utf8)) == foundation, "\(name)")
    }
}

extension Array where Element == UInt8 {
    fileprivate func replacing(_ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard let start = indices.first(where: { self[$0...].starts(with: pattern) }) else { return self }
        return Array(self[..<start]) + replacement + Array(self[(start + pattern.count)...])
    }
}
