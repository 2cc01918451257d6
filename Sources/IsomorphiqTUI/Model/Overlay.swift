public import IsomorphiqCore
public import Foundation

/// What sits over the panes and takes the keys, if anything.
public enum Overlay: Sendable, Hashable {
    case help(scroll: Int)
    case form(TaskForm)
    case confirmDelete(TaskID)
    case prompt(Prompt)
    case picker(DependencyPicker)
    case palette(Palette)
}

/// A one-line question at the bottom of the screen.
public struct Prompt: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable {
        case assign(TaskID)
        case collaborators(TaskID)
        case tags(TaskID)
        case filter
        case feedTypes
    }

    public var purpose: Purpose
    public var editor: LineEditor
    public var error: String?

    public init(_ purpose: Purpose, text: String = "") {
        self.purpose = purpose
        self.editor = LineEditor(text)
    }

    public var label: String {
        switch purpose {
        case .assign: "Assign to (empty = nobody)"
        case .collaborators: "Collaborators"
        case .tags: "Tags"
        case .filter: "Filter"
        case .feedTypes: "Feed types (e.g. status created; empty = all)"
        }
    }
}

/// The `D` picker: search the other tasks and toggle whether the task depends on one.
public struct DependencyPicker: Sendable, Hashable {
    public var taskID: TaskID
    public var search = LineEditor()
    public var cursor = 0
    public var error: String?

    public init(taskID: TaskID) {
        self.taskID = taskID
    }

    /// At most `limit` candidates matching the search, current dependencies first.
    public func candidates(on board: TaskBoard, limit: Int = 200) -> [TaskItem] {
        guard let task = board[taskID] else { return [] }
        let words = search.text.lowercased().split(separator: " ").map(String.init)
        var result: [TaskItem] = []
        for other in board.tasks.values where other.id != taskID {
            let title = other.title.lowercased()
            if words.allSatisfy({ title.contains($0) || other.shortID.hasPrefix($0) }) { result.append(other) }
        }
        result.sort { a, b in
            let (x, y) = (task.dependencies.contains(a.id), task.dependencies.contains(b.id))
            if x != y { return x }
            return a.title == b.title ? a.id.uuidString < b.id.uuidString : a.title < b.title
        }
        return Array(result.prefix(limit))
    }
}

/// The `:` palette: every action of the key table, searchable by its description.
public struct Palette: Sendable, Hashable {
    public var search = LineEditor()
    public var cursor = 0

    public init() {}

    public func matches(in keyMap: KeyMap) -> [KeyBinding] {
        let words = search.text.lowercased().split(separator: " ")
        var seen: Set<Action> = []
        return keyMap.bindings.filter { binding in
            guard binding.action != .palette, seen.insert(binding.action).inserted else { return false }
            let text = binding.help.lowercased()
            return words.allSatisfy { text.contains($0) }
        }
    }
}
