import Foundation

extension Key {
    /// Names for keys that are not one printable character, as the configuration writes them.
    static let named: [String: Key] = [
        "up": .up, "down": .down, "left": .left, "right": .right, "pageup": .pageUp, "pagedown": .pageDown,
        "home": .home, "end": .end, "enter": .enter, "tab": .tab, "backtab": .backTab, "shift-tab": .backTab,
        "backspace": .backspace, "delete": .delete, "escape": .escape, "esc": .escape, "space": .char(" "),
    ]

    /// Reads `j`, `G`, `?`, `space`, `ctrl-r` (or `C-r`), `pagedown`, `shift-tab`…
    /// - Throws: `TUIConfigurationError` saying what a key may be.
    public init(name raw: String) throws(TUIConfigurationError) {
        let lower = raw.lowercased()
        if let key = Self.named[lower] {
            self = key
        } else if raw.count == 1, let character = raw.first, !character.isWhitespace, !(character.asciiValue.map { $0 < 32 || $0 == 127 } ?? false) {
            self = .char(character)
        } else if lower.hasPrefix("ctrl-") || lower.hasPrefix("c-"), let letter = lower.split(separator: "-", maxSplits: 1).last,
            letter.count == 1, let character = letter.first, character.isASCII, character.isLetter {
            self = .ctrl(character)
        } else {
            throw TUIConfigurationError("'\(raw)' is not a key: use one character (j, G, ?), ctrl-LETTER, or one of \(Self.named.keys.sorted().joined(separator: ", "))")
        }
    }
}
