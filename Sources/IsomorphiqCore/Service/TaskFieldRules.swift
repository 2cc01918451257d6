import Foundation

/// The limits on a task's fields, checked at the edge of the domain.
public enum TaskFieldRules {
    public static let titleLimit = 200
    public static let descriptionLimit = 10_000
    public static let userNameLimit = 64
    public static let tagLimit = 40

    /// The title trimmed, or a validation error.
    public static func title(_ raw: String) throws -> String {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw TaskServiceError.validation("the title is required", field: "title") }
        guard title.count <= titleLimit else {
            throw TaskServiceError.validation("the title is \(title.count) characters; at most \(titleLimit) are allowed", field: "title")
        }
        return title
    }

    /// The description, `nil` when empty, or a validation error.
    public static func description(_ raw: String?) throws -> String? {
        guard let raw, !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        guard raw.count <= descriptionLimit else {
            throw TaskServiceError.validation(
                "the description is \(raw.count) characters; at most \(descriptionLimit) are allowed", field: "description")
        }
        return raw
    }

    public static func user(_ raw: String, field: String) throws -> UserID {
        let name = raw.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= userNameLimit, !name.contains(where: { $0.isWhitespace || $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) else {
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
                let tag = raw.trimmingCharacters(in: .whitespaces).trimmingPrefix("+")
                guard !tag.isEmpty, tag.count <= tagLimit, !tag.contains(where: { $0.isWhitespace || $0 == "," }) else {
                    throw TaskServiceError.validation("'\(raw)' is not a tag (1–\(tagLimit) characters, no spaces or commas)", field: "tags")
                }
                return String(tag)
            })
    }
}
