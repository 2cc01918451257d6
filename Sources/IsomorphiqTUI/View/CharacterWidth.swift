import IsomorphiqCore
import Foundation

/// How many columns a character takes on a terminal: 0, 1 or 2.
///
/// The rule is `wcwidth` of the character's first scalar in a UTF-8 locale (East Asian Wide
/// and Fullwidth, and emoji with emoji presentation, are 2; marks and format characters 0),
/// computed here from a table so that rendering does not depend on the process locale. A test
/// compares it with glibc's `wcwidth`.
///
/// Terminals disagree on clusters built from several emoji: tmux 3.3 draws a ZWJ family
/// (👨‍👩‍👧) in 2 columns and a skin tone (👍🏽) in 4, others draw both in 2, and ncurses counts
/// each scalar (6 and 4). Text is therefore drawn in its `display` form, whose width they all
/// agree on: a cluster up to its first zero-width joiner, without emoji modifiers, variation
/// selectors or tag characters (👨, 👍, ❤). Flags (two regional indicators) and combining marks
/// are kept: every one of them draws those alike.
public enum CharacterWidth {
    /// The form of `character` that is drawn (see above); `character` itself when it is plain.
    public static func display(_ character: Character) -> Character {
        let scalars = character.unicodeScalars
        guard scalars.count > 1 else { return character }
        var kept = String.UnicodeScalarView()
        for scalar in scalars {
            if scalar.value == 0x200D { break }
            if isDropped(scalar.value) { continue }
            kept.append(scalar)
        }
        guard !kept.isEmpty else { return Character(scalars.first!) }
        return Character(String(kept))
    }

    /// Emoji modifiers (skin tones), variation selectors 15 and 16, tag characters.
    private static func isDropped(_ value: UInt32) -> Bool {
        (0x1F3FB...0x1F3FF).contains(value) || value == 0xFE0E || value == 0xFE0F || (0xE0020...0xE007F).contains(value)
    }

    /// The columns `character` takes, drawn in its `display` form.
    public static func of(_ character: Character) -> Int {
        let scalar = character.unicodeScalars.first!
        let value = scalar.value
        // A flag is two regional indicators (2 columns); one alone is drawn in 1.
        if (0x1F1E6...0x1F1FF).contains(value) { return character.unicodeScalars.count > 1 ? 2 : 1 }
        if value < 0x7F { return value < 0x20 ? 0 : 1 }
        if value < 0xA0 { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// The columns `text` takes.
    public static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
        0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        return wideRanges.contains { $0.contains(value) }
    }
}
