import Foundation

/// The limits on a task's fields, checked at the edge of the domain.
public enum TaskFieldRules {
    public static let titleLimit = 200
    public static let descriptionLimit = 10_000
    public static let userNameLimit = 64
    public static let tagLimit = 40
    /// The control characters a description may hold: tab, line feed, carriage return.
    static let descriptionControls: Set<UInt8> = [0x09, 0x0A, 0x0D]

    /// The title trimmed, or a validation error.
    public static func title(_ raw: String) throws -> String {
        let title = isTrimmed(raw) ? raw : raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw TaskServiceError.validation("the title is required", field: "title") }
        guard title.utf8.count <= titleLimit || title.count <= titleLimit else {
            throw TaskServiceError.validation("the title is \(title.count) characters; at most \(titleLimit) are allowed", field: "title")
        }
        if let control = firstControl(in: title, allowing: []) {
            throw TaskServiceError.validation("the title holds the control character \(control); titles are one line of text", field: "title")
        }
        return title
    }

    /// The first control character (C0, DEL or C1: what a terminal would act on rather than show)
    /// in `text` other than those in `allowed`, named as `U+001B`; `nil` when there is none.
    /// Scans bytes: a C1 control is the UTF-8 pair `C2 80`–`C2 9F`.
    static func firstControl(in text: some StringProtocol, allowing allowed: Set<UInt8>) -> String? {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if (byte < 0x20 || byte == 0x7F), !allowed.contains(byte) { return scalarName(UInt32(byte)) }
            if previous == 0xC2, (0x80...0x9F).contains(byte) { return scalarName(UInt32(byte)) }
            previous = byte
        }
        return nil
    }

    private static func scalarName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Whether `text` has no leading or trailing white space (checked without Foundation, which
    /// is slow here and on the event validation hot path).
    static func isTrimmed(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return true }
        if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return true }
        guard let head = text.unicodeScalars.first, let tail = text.unicodeScalars.last else { return true }
        return !head.properties.isWhitespace && !tail.properties.isWhitespace
    }

    /// Whether `text` holds white space or a control character. ASCII is checked byte by byte;
    /// only text with other characters pays for Unicode property look-ups.
    static func containsSpaceOrControl(_ text: some StringProtocol) -> Bool {
        var ascii = true
        for byte in text.utf8 {
            if byte <= 0x20 || byte == 0x7F { return true }
            if byte >= 0x80 { ascii = false }
        }
        if ascii { return false }
        return text.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }

    /// The description, `nil` when empty, or a validation error.
    public static func description(_ raw: String?) throws -> String? {
        guard let raw, !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        guard raw.utf8.count <= descriptionLimit || raw.count <= descriptionLimit else {
            throw TaskServiceError.validation(
                "the description is \(raw.count) characters; at most \(descriptionLimit) are allowed", field: "description")
        }
        if let control = firstControl(in: raw, allowing: descriptionControls) {
            throw TaskServiceError.validation(
                "the description holds the control character \(control); only tabs and line breaks are allowed", field: "description")
        }
        return raw
    }

    /// The due date cut to whole milliseconds, or a validation error when the wire form cannot hold
    /// it (outside 0001–9999): what is stored must read back as itself.
    static func due(_ raw: Date?) throws -> Date? {
        guard let raw else { return nil }
        guard Timestamp.isRepresentable(raw) else {
            throw TaskServiceError.validation("the due date must lie in years 0001–9999", field: "due")
        }
        return Timestamp.truncated(raw)
    }

    public static func user(_ raw: String, field: String) throws -> UserID {
        let name = isTrimmed(raw) ? raw : raw.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.utf8.count <= userNameLimit || name.count <= userNameLimit, !containsSpaceOrControl(name) else {
            throw TaskServiceError.validation("'\(raw)' is not a user name (1–\(userNameLimit) characters, no spaces)", field: field)
        }
        return name
    }

    public static func users(_ raw: Set<UserID>, field: String) throws -> Set<UserID> {
        Set(try raw.map { try user($0, field: field) })
    }

    public static func tags(_ raw: Set<String>) throws -> Set<String> {
        Set(
            try raw.map { raw in
                let tag = (isTrimmed(raw) ? raw : raw.trimmingCharacters(in: .whitespaces)).trimmingPrefix("+")
                guard !tag.isEmpty, tag.utf8.count <= tagLimit || tag.count <= tagLimit, !containsSpaceOrControl(tag), !tag.utf8.contains(UInt8(ascii: ",")) else {
                    throw TaskServiceError.validation("'\(raw)' is not a tag (1–\(tagLimit) characters, no spaces or commas)", field: "tags")
                }
                return String(tag)
            })
    }
}
