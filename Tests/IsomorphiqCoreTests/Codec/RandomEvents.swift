import Foundation
import IsomorphiqCore

/// Seeded random events of every type for the codec's property tests: titles and names with
/// quotes, backslashes, slashes, control characters, emoji, CJK and combining marks; sets of every
/// size; optional fields present and absent; `changes` with nested values and odd keys.
struct RandomEvents: RandomNumberGenerator {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(state: seed) }

    mutating func next() -> UInt64 { random.next() }

    private static let pieces: [String] = [
        "a", "Z", "task", " ", "\"", "\\", "/", "\\u", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1F}",
        "\u{7F}", "é", "e\u{301}", "ß", "😀", "👨‍👩‍👧", "🇫🇷", "漢字", "日本語", "한국어", "\u{2028}", "\u{FEFF}", "}", "{", "[", ",", ":",
        "0", "1e5", "null", "<script>", "&amp;",
    ]

    mutating func text(maxPieces: Int = 6) -> String {
        (0..<Int.random(in: 0...maxPieces, using: &self)).map { _ in Self.pieces.randomElement(using: &self)! }.joined()
    }

    mutating func maybe<T>(_ make: (inout RandomEvents) -> T) -> T? {
        Bool.random(using: &self) ? make(&self) : nil
    }

    mutating func names() -> Set<String> {
        Set((0..<Int.random(in: 0...4, using: &self)).map { _ in text(maxPieces: 2) })
    }

    mutating func uuid() -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &self) }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A whole-millisecond time between 1601 and 2499, mostly near now. (Later years are not
    /// canonical in the `Codable` path: `Timestamp.parse` loses a millisecond in some of them.)
    mutating func date() -> Date {
        let millis: Int64 = Bool.random(using: &self)
            ? Int64.random(in: 1_700_000_000_000...1_900_000_000_000, using: &self)
            : Int64.random(in: -11_600_000_000_000...16_700_000_000_000, using: &self)
        return Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    mutating func task() -> TaskItem {
        TaskItem(
            id: uuid(), title: text(), description: maybe { $0.text(maxPieces: 10) },
            status: TaskStatus.allCases.randomElement(using: &self)!, priority: TaskPriority.allCases.randomElement(using: &self)!,
            createdBy: text(maxPieces: 2), assignedTo: maybe { $0.text(maxPieces: 2) }, collaborators: names(), watchers: names(),
            dependencies: Set((0..<Int.random(in: 0...3, using: &self)).map { _ in uuid() }), tags: names(),
            due: maybe { $0.date() }, createdAt: date(), updatedAt: date(), version: Int.random(in: 1...1_000_000, using: &self))
    }

    mutating func value(depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0...(depth < 2 ? 7 : 4), using: &self) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &self))
        case 2: return .number(Double(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &self)))
        case 3: return .number([0.5, -1.25, 1e-7, 3.141592653589793, 1e300, 2e15, 0.1 + 0.2].randomElement(using: &self)!)
        case 4: return .string(text())
        case 5: return .array((0..<Int.random(in: 0...3, using: &self)).map { _ in value(depth: depth + 1) })
        default:
            return .object(Dictionary((0..<Int.random(in: 0...3, using: &self)).map { _ in (key(), value(depth: depth + 1)) }) { a, _ in a })
        }
    }

    mutating func key() -> String {
        ["title", "Title", "a10", "a9", "_x", "due", "ZZ", "é", "a", "b", text(maxPieces: 2)].randomElement(using: &self)!
    }

    mutating func event() -> Event {
        let context = EventContext(
            userId: text(maxPieces: 2), sessionId: maybe { $0.text(maxPieces: 2) }, source: text(maxPieces: 2),
            correlationId: maybe { $0.uuid() }, causationId: maybe { $0.uuid() })
        let id = uuid(), time = date()
        let factory = EventFactory(now: { time }, makeID: { id })
        let task = task()
        let event: Event = switch Int.random(in: 0..<EventType.allCases.count, using: &self) {
        case 0: factory.taskCreated(task, context: context)
        case 1: factory.taskUpdated(task, changes: Dictionary((0..<Int.random(in: 0...3, using: &self)).map { _ in
            (key(), FieldChange(old: value(), new: value())) }) { a, _ in a }, context: context)
        case 2: factory.taskDeleted(task, context: context)
        case 3: factory.taskStatusChanged(task, from: TaskStatus.allCases.randomElement(using: &self)!, context: context)
        case 4: factory.taskPriorityChanged(task, from: TaskPriority.allCases.randomElement(using: &self)!, context: context)
        case 5: factory.taskAssigned(task, from: maybe { $0.text(maxPieces: 2) }, context: context)
        case 6: factory.taskCollaboratorsUpdated(task, added: names(), removed: names(), context: context)
        case 7: factory.taskWatchersUpdated(task, added: names(), removed: names(), context: context)
        case 8: factory.taskDependencyAdded(task, dependsOn: uuid(), context: context)
        case 9: factory.taskDependencyRemoved(task, removed: uuid(), context: context)
        case 10: factory.clientConnected(ClientPresence(connectionId: text(), user: text(), program: text(), address: text(), at: date()))
        case 11: factory.clientDisconnected(ClientPresence(connectionId: text(), user: text(), program: text(), address: text(), at: date()))
        case 12: factory.systemStarted(SystemNotice(version: text(), message: maybe { $0.text() }))
        default: factory.systemShutdown(SystemNotice(version: text(), message: maybe { $0.text() }))
        }
        return Bool.random(using: &self) ? event.sequenced(Int64.random(in: 1...Int64.max, using: &self)) : event
    }
}
