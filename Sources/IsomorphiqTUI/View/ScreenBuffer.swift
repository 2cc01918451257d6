import IsomorphiqCore
import Foundation

/// A frame: a grid of cells that `render` fills and the driver diffs against the last one.
///
/// Writing text respects character widths: a wide character takes two cells, never straddles
/// the clip edge (a blank pads instead), and overwriting half of one blanks the other half,
/// so columns stay aligned whatever the text.
public struct ScreenBuffer: Sendable, Hashable {
    public let size: TerminalSize
    public private(set) var cells: [Cell]
    /// The colour of focused frames and dialogs (the theme's `focus`).
    public var accent: Style.Color = .cyan

    public init(size: TerminalSize, fill: Cell = .blank) {
        self.size = size
        self.cells = Array(repeating: fill, count: max(0, size.width) * max(0, size.height))
    }

    public var width: Int { size.width }
    public var height: Int { size.height }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.width + x]
    }

    /// Sets one cell, blanking the other half of any wide character it cuts in two.
    public mutating func set(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
        let index = y * size.width + x
        let old = cells[index]
        if old.isContinuation, x > 0 { cells[index - 1] = Cell(" ", style: cells[index - 1].style) }
        if old.width == 2, x + 1 < size.width, cell.width != 2 { cells[index + 1] = Cell(" ", style: old.style) }
        cells[index] = cell
        if cell.width == 2, x + 1 < size.width {
            if cells[index + 1].width == 2, x + 2 < size.width { cells[index + 2] = Cell(" ", style: cells[index + 2].style) }
            cells[index + 1] = .continuation(cell.style)
        }
    }

    /// Writes `text` from (x, y), clipped to `maxWidth` columns (to the edge by default).
    /// Control characters show as `?`. Returns the columns used.
    @discardableResult
    public mutating func write(_ text: some StringProtocol, x: Int, y: Int, maxWidth: Int? = nil, style: Style = .plain) -> Int {
        guard y >= 0, y < size.height else { return 0 }
        let limit = min(size.width, x + (maxWidth ?? size.width))
        var column = x
        for character in text {
            var shown = CharacterWidth.display(character)
            var width = CharacterWidth.of(character)
            if width == 0 {
                if character.unicodeScalars.first!.properties.generalCategory == .control || character.isNewline {
                    shown = "?"
                    width = 1
                } else {
                    continue
                }
            }
            if column + width > limit {
                if width == 2, column < limit { set(Cell(" ", style: style), x: column, y: y); column += 1 }
                break
            }
            if column >= 0 { set(Cell(shown, style: style, width: UInt8(width)), x: column, y: y) }
            column += width
        }
        return column - x
    }

    /// Writes `text` and pads with blanks to exactly `width` columns.
    public mutating func write(padded text: some StringProtocol, x: Int, y: Int, width: Int, style: Style = .plain) {
        let used = write(text, x: x, y: y, maxWidth: width, style: style)
        if used < width { fill(Rect(x: x + used, y: y, width: width - used, height: 1), style: style) }
    }

    /// Blanks `rect` with `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        let blank = Cell(" ", style: style)
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { set(blank, x: x, y: y) }
        }
    }

    /// Changes the style of every cell in `rect`, keeping the characters.
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { change(&cells[y * size.width + x].style) }
        }
    }

    /// Row `y` as text, wide characters once, trailing blanks dropped.
    public func line(_ y: Int) -> String {
        var text = ""
        for x in 0..<size.width where !self[x, y].isContinuation { text.append(self[x, y].character) }
        while text.last == " " { text.removeLast() }
        return text
    }

    /// The whole frame as text, one line per row: what snapshot tests compare.
    public var text: String {
        (0..<size.height).map(line).joined(separator: "\n")
    }
}
