import IsomorphiqCore
import Foundation

/// How a cell looks. Colours are the eight ANSI ones; the driver drops them on monochrome
/// terminals and under `NO_COLOR`, and keeps the attributes, so every state stays visible.
public struct Style: Sendable, Hashable {
    public enum Color: UInt8, Sendable, Hashable, CaseIterable {
        case `default`, black, red, green, yellow, blue, magenta, cyan, white
    }

    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(_ foreground: Color = .default, background: Color = .default, bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let dim = Style(dim: true)
    public static let reverse = Style(reverse: true)
    public static let error = Style(.red, bold: true)

    public func with(_ change: (inout Style) -> Void) -> Style {
        var copy = self
        change(&copy)
        return copy
    }
}
