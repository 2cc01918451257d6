public import IsomorphiqCore
public import Foundation

/// The `n` / `e` form. Every field is a line of text until it is submitted, so a refused
/// submit (a rule, a cycle, a permission, a version conflict) loses nothing the user typed.
public struct TaskForm: Sendable, Hashable {
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case title, description, priority, assignee, tags, due, dependencies

        public var label: String {
            switch self {
            case .title: "Title"
            case .description: "Description"
            case .priority: "Priority"
            case .assignee: "Assignee"
            case .tags: "Tags"
            case .due: "Due"
            case .dependencies: "Depends on"
            }
        }

        public var hint: String {
            switch self {
            case .title: "required, at most \(TaskFieldRules.titleLimit) characters"
            case .description: "Ctrl-J new line, Ctrl-O edit in $EDITOR"
            case .priority: "low, medium or high"
            case .assignee: "user name, empty for nobody"
            case .tags: "space separated"
            case .due: "YYYY-MM-DD, empty for none"
            case .dependencies: "short ids, e.g. a1b2c3d4 0f9e8d7c"
            }
        }
    }

    /// The task being edited, and the version the form was opened at; `nil` for a new task.
    public var taskID: TaskID?
    public var expectedVersion: Int?
    public var values: [Field: LineEditor]
    public var focus: Field = .title
    /// The last refusal, and the field it is about when known.
    public var error: String?
    public var errorField: Field?
    /// Set while the command is in flight; a second Enter is ignored.
    public var submitting = false

    public init(taskID: TaskID? = nil, expectedVersion: Int? = nil, values: [Field: String] = [:]) {
        self.taskID = taskID
        self.expectedVersion = expectedVersion
        var editors: [Field: LineEditor] = [:]
        for field in Field.allCases { editors[field] = LineEditor(values[field] ?? (field == .priority ? "medium" : "")) }
        self.values = editors
    }

    public var isNew: Bool { taskID == nil }

    public func text(_ field: Field) -> String { values[field]?.text ?? "" }

    public mutating func edit(_ key: Key) {
        values[focus, default: LineEditor()].handle(key)
    }

    /// A paste into the focused field. Line breaks belong to the description: pasted there they
    /// stay; pasted into the title, the first line is the title and the rest goes to the end of
    /// the description; in any other field they become spaces.
    public mutating func paste(_ raw: String) {
        let text = Self.unifyLineBreaks(raw)
        switch focus {
        case .description:
            values[.description, default: LineEditor()].insert(text)
        case .title where text.contains("\n"):
            let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            values[.title, default: LineEditor()].insert(String(lines[0]))
            let rest = lines.count > 1 ? String(lines[1]).trimmingCharacters(in: .newlines) : ""
            if !rest.isEmpty {
                let current = self.text(.description)
                values[.description] = LineEditor(current.isEmpty ? rest : current + "\n" + rest)
            }
        default:
            values[focus, default: LineEditor()].insert(text.replacingOccurrences(of: "\n", with: " "))
        }
    }

    /// `\r\n` and `\r` as `\n` (terminals paste lines with CR).
    static func unifyLineBreaks(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    public mutating func focusNext() {
        let all = Field.allCases
        focus = all[(all.firstIndex(of: focus)! + 1) % all.count]
    }

    public mutating func focusPrevious() {
        let all = Field.allCases
        focus = all[(all.firstIndex(of: focus)! + all.count - 1) % all.count]
    }

    /// The form filled in from an existing task.
    public static func editing(_ task: TaskItem) -> TaskForm {
        TaskForm(taskID: task.id, expectedVersion: task.version, values: [
            .title: task.title,
            .description: task.description ?? "",
            .priority: task.priority.rawValue,
            .assignee: task.assignedTo ?? "",
            .tags: task.tags.sorted().joined(separator: " "),
            .due: task.due.map(DueDate.format) ?? "",
            .dependencies: task.dependencies.map { String($0.uuidString.lowercased().prefix(8)) }.sorted().joined(separator: " "),
        ])
    }
}
