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
    /// `M`: the last messages in full, wrapped, newest first.
    case messages(scroll: Int)
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
        // Fuzzy: each word's letters in order ("fltr" finds "filter"); where every word is a
        // plain substring the action comes first, then the tighter matches.
        var scored: [(binding: KeyBinding, score: Int, order: Int)] = []
        for (order, binding) in keyMap.bindings.enumerated() {
            guard binding.action != .palette, seen.insert(binding.action).inserted else { continue }
            let text = binding.help.lowercased()
            var score = 0
            var matched = true
            for word in words {
                if text.contains(word) { continue }
                guard let spread = Self.subsequenceSpread(word, in: text) else {
                    matched = false
                    break
                }
                score += 1 + spread
            }
            if matched { scored.append((binding, score, order)) }
        }
        return scored.sorted { ($0.score, $0.order) < ($1.score, $1.order) }.map(\.binding)
    }

    /// How far apart `word`'s letters lie in `text` (found in order), or `nil` when they are not all there.
    static func subsequenceSpread(_ word: Substring, in text: String) -> Int? {
        var index = text.startIndex
        var first: String.Index?
        for letter in word {
            guard let found = text[index...].firstIndex(of: letter) else { return nil }
            if first == nil { first = found }
            index = text.index(after: found)
        }
        guard let first else { return 0 }
        return text.distance(from: first, to: index) - word.count
    }
}
