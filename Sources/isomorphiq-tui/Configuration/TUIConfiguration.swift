import Foundation
import IsomorphiqTUI

/// The configuration file's `tui` section: key bindings and colours, on top of the standard
/// key table and theme.
///
/// ```json
/// { "tui": { "keys": { "undo": ["u", "ctrl-z"], "quit": "Q" },
///            "colors": { "focus": "magenta", "error": "yellow" } } }
/// ```
/// Only the file sets these (a table does not fit an environment variable). Anything wrong,
/// an unknown action, key, role or colour, or a key two actions would share, stops start-up
/// with the entry named.
enum TUIConfiguration {
    static func read(file path: String) throws -> (KeyMap, Theme) {
        func fail(_ message: String) -> ConfigurationLoader.Failure {
            ConfigurationLoader.Failure(description: "configuration file \(path): \(message)")
        }
        guard let data = FileManager.default.contents(atPath: path),
            let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { throw fail("is not a JSON object") }
        guard let section = root["tui"] else { return (.standard, .standard) }
        guard let tui = section as? [String: Any] else { throw fail("tui must be an object with keys and colors") }
        if let unknown = tui.keys.sorted().first(where: { !["keys", "colors"].contains($0) }) {
            throw fail("tui.\(unknown): unknown (tui has keys and colors)")
        }
        var bindings: [String: [String]] = [:]
        if let raw = tui["keys"] {
            guard let keys = raw as? [String: Any] else { throw fail("tui.keys must be an object of action: [keys]") }
            for (action, value) in keys {
                if let one = value as? String {
                    bindings[action] = [one]
                } else if let many = value as? [Any], let names = many as? [String] {
                    bindings[action] = names
                } else {
                    throw fail("tui.keys.\(action) must be a key or a list of keys")
                }
            }
        }
        var colors: [String: String] = [:]
        if let raw = tui["colors"] {
            guard let table = raw as? [String: Any] else { throw fail("tui.colors must be an object of role: colour") }
            for (role, value) in table {
                guard let name = value as? String else { throw fail("tui.colors.\(role) must be a colour name") }
                colors[role] = name
            }
        }
        do {
            return (try KeyMap.standard.overriding(bindings), try Theme.standard.overriding(colors))
        } catch {
            throw fail(error.message)
        }
    }
}
