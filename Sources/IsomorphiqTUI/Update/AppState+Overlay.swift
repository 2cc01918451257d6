import IsomorphiqCore
import Foundation

extension AppState {
    /// Keys while an overlay is open. Esc closes any of them without sending anything.
    mutating func handleOverlayKey(_ key: Key, _ current: Overlay) -> [Effect] {
        if key == .escape, case .form(let form) = current, form.submitting { return [] }
        if key == .escape || (key == .ctrl("c")) {
            overlay = nil
            return []
        }
        switch current {
        case .help(let scroll):
            overlay = Self.scrolled(scroll, by: key).map { .help(scroll: $0) }
        case .messages(let scroll):
            overlay = Self.scrolled(scroll, by: key).map { .messages(scroll: $0) }
        case .confirmDelete(let id):
            overlay = nil
            guard key == .char("y") || key == .char("Y") || key == .enter, let task = board[id] else { return [] }
            return send([TaskCommand(.delete(id), expectedVersion: task.version)], as: .change("delete"))
        case .prompt(var prompt):
            if key == .enter {
                overlay = nil
                return submit(prompt)
            }
            prompt.editor.handle(key)
            overlay = .prompt(prompt)
        case .form(var form):
            return handleFormKey(key, &form)
        case .picker(var picker):
            return handlePickerKey(key, &picker)
        case .palette(var palette):
            let matches = palette.matches(in: keyMap)
            switch key {
            case .down, .tab: palette.cursor = min(max(0, matches.count - 1), palette.cursor + 1)
            case .up, .backTab: palette.cursor = max(0, palette.cursor - 1)
            case .enter:
                overlay = nil
                guard matches.indices.contains(palette.cursor) else { return [] }
                return perform(matches[palette.cursor].action)
            default:
                palette.search.handle(key)
                palette.cursor = 0
            }
            overlay = .palette(palette)
        }
        return []
    }

    /// A text overlay's scroll after `key`: j/k ↑↓ a line, PgUp/PgDn/Space ten, g/G the ends
    /// (the view clamps); `nil` (close) for any other key.
    static func scrolled(_ scroll: Int, by key: Key) -> Int? {
        switch key {
        case .char("j"), .down: scroll + 1
        case .char("k"), .up: max(0, scroll - 1)
        case .pageDown, .char(" "): scroll + 10
        case .pageUp: max(0, scroll - 10)
        case .char("g"), .home: 0
        case .char("G"), .end: Int.max / 2
        default: nil
        }
    }

    /// Acts on a prompt's text.
    private mutating func submit(_ prompt: Prompt) -> [Effect] {
        let text = prompt.editor.text.trimmingCharacters(in: .whitespaces)
        let words = Set(text.split(separator: " ").map(String.init))
        switch prompt.purpose {
        case .filter:
            applyFilter(text)
        case .feedTypes:
            feed.types = EventFeed.parseTypes(text)
            say(feed.types == nil ? "feed shows every type" : "feed shows \(counted(feed.types!.count, "type"))")
        case .assign(let id):
            guard let task = board[id] else { return [] }
            return send([TaskCommand(.assign(id, text.isEmpty ? nil : text), expectedVersion: task.version)], as: .change("assign"))
        case .collaborators(let id):
            guard let task = board[id] else { return [] }
            let action = TaskAction.updateCollaborators(id, add: words.subtracting(task.collaborators), remove: task.collaborators.subtracting(words))
            return send([TaskCommand(action, expectedVersion: task.version)], as: .change("collaborators"))
        case .tags(let id):
            guard let task = board[id] else { return [] }
            let tags = Set(words.map { $0.hasPrefix("+") ? String($0.dropFirst()) : $0 })
            return send([TaskCommand(.update(id, TaskPatch(tags: tags)), expectedVersion: task.version)], as: .change("tags"))
        }
        return []
    }

    private mutating func handlePickerKey(_ key: Key, _ picker: inout DependencyPicker) -> [Effect] {
        let candidates = picker.candidates(on: board)
        var effects: [Effect] = []
        switch key {
        case .down, .tab: picker.cursor = min(max(0, candidates.count - 1), picker.cursor + 1)
        case .up, .backTab: picker.cursor = max(0, picker.cursor - 1)
        case .pageDown: picker.cursor = min(max(0, candidates.count - 1), picker.cursor + 10)
        case .pageUp: picker.cursor = max(0, picker.cursor - 10)
        case .enter:
            guard let task = board[picker.taskID], candidates.indices.contains(picker.cursor) else { break }
            let other = candidates[picker.cursor].id
            let action: TaskAction = task.dependencies.contains(other)
                ? .removeDependency(task.id, dependsOn: other) : .addDependency(task.id, dependsOn: other)
            picker.error = nil
            effects = send([TaskCommand(action, expectedVersion: task.version)], as: .picker)
        default:
            picker.search.handle(key)
            picker.cursor = 0
        }
        overlay = .picker(picker)
        return effects
    }
}
