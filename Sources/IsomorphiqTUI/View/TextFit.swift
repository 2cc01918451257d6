/// Text cut to a number of terminal columns (not characters: a wide character counts two).
enum TextFit {
    /// `text` in at most `width` columns; when it does not fit, as much as does and `…`.
    static func fit(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        guard CharacterWidth.of(text) > width else { return text }
        var kept = ""
        var used = 0
        for character in text {
            let next = CharacterWidth.of(character)
            if used + next > width - 1 { break }
            kept.append(character)
            used += next
        }
        return kept + "…"
    }

    /// `text` fitted and padded to exactly `width` columns.
    static func pad(_ text: String, _ width: Int) -> String {
        let fitted = fit(text, width)
        return fitted + String(repeating: " ", count: max(0, width - CharacterWidth.of(fitted)))
    }

    /// A table cell of `width` columns: the text in `width - 1` (cut with `…`), then at least
    /// one blank, so that a cell never runs into the next one.
    static func cell(_ text: String, _ width: Int) -> String {
        guard width > 1 else { return pad(text, width) }
        return pad(fit(text, width - 1), width)
    }
}
