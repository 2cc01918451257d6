import IsomorphiqCore
import Foundation

/// One screen cell. A wide character (CJK, most emoji) takes two: the first holds it with
/// `width` 2, the second is a continuation with `width` 0 that the driver never writes.
public struct Cell: Sendable, Hashable {
    public var character: Character
    public var style: Style
    public var width: UInt8

    public init(_ character: Character = " ", style: Style = .plain, width: UInt8 = 1) {
        self.character = character
        self.style = style
        self.width = width
    }

    public static let blank = Cell()

    public var isContinuation: Bool { width == 0 }

    static func continuation(_ style: Style) -> Cell { Cell(" ", style: style, width: 0) }
}
