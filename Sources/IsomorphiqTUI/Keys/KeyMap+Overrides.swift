import Foundation

extension KeyMap {
    /// This table with the keys of some actions replaced (`["undo": ["u", "ctrl-z"]]`), as the
    /// configuration's `tui.keys` gives them. Help, palette and dispatch all follow.
    /// - Throws: `TUIConfigurationError` naming the binding: an unknown action or key, no keys, or a key
    ///   that another action already has where both apply.
    public func overriding(_ overrides: [String: [String]]) throws(TUIConfigurationError) -> KeyMap {
        var map = self
        for (name, keyNames) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let action = Action(name: name) else {
                throw TUIConfigurationError("tui.keys.\(name): no such action (actions: \(Action.all.map(\.name).joined(separator: ", ")))")
            }
            guard !keyNames.isEmpty else { throw TUIConfigurationError("tui.keys.\(name): give at least one key") }
            var keys: [Key] = []
            for keyName in keyNames {
                do { keys.append(try Key(name: keyName)) } catch { throw TUIConfigurationError("tui.keys.\(name): \(error.message)") }
            }
            for index in map.bindings.indices where map.bindings[index].action == action { map.bindings[index].keys = keys }
        }
        try map.checkUnambiguous(changed: Set(overrides.keys))
        return map
    }

    /// Every key does one thing where it applies: no two actions of one scope, nor a global
    /// action and a pane's, share a key (the pane's would hide the global one there).
    func checkUnambiguous(changed: Set<String> = []) throws(TUIConfigurationError) {
        var owner: [KeyBinding.Scope: [Key: Action]] = [:]
        for binding in bindings {
            for key in binding.keys {
                let clashes = [binding.scope] + (binding.scope == .global ? [.list, .feed] : [.global])
                for scope in clashes {
                    guard let other = owner[scope]?[key], other != binding.action else { continue }
                    let culprit = changed.contains(binding.action.name) ? binding.action : other
                    let victim = culprit == binding.action ? other : binding.action
                    throw TUIConfigurationError("tui.keys.\(culprit.name): '\(key.label)' is already the key of \(victim.name)")
                }
                owner[binding.scope, default: [:]][key] = binding.action
            }
        }
    }
}
