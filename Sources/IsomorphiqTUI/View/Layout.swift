import IsomorphiqCore
import Foundation

/// Where each pane goes for a terminal size. Pure, shared by `render` (to draw) and `update`
/// (page sizes, mouse hits), so the two always agree.
///
/// At 120 columns and more: the list on the left, the detail and clients panes on the right,
/// the feed across the bottom. Narrower: the list (or, when focused, the detail pane) on top,
/// the feed and the clients pane side by side below. Two status lines at the very bottom.
public struct Layout: Sendable, Hashable {
    public static let minimum = TerminalSize(width: 50, height: 14)

    public var size: TerminalSize
    public var list = Rect.zero
    public var detail = Rect.zero
    public var feed = Rect.zero
    public var clients = Rect.zero
    public var statusBar = Rect.zero

    public init(size: TerminalSize, focus: Pane) {
        self.size = size
        guard !isTooSmall else { return }
        let w = size.width
        let body = size.height - 2
        statusBar = Rect(x: 0, y: body, width: w, height: 2)
        let feedHeight = max(6, body / 3)
        let top = body - feedHeight
        if w >= 120 {
            let listWidth = w * 58 / 100
            list = Rect(x: 0, y: 0, width: listWidth, height: top)
            let clientsHeight = max(5, top / 4)
            detail = Rect(x: listWidth, y: 0, width: w - listWidth, height: top - clientsHeight)
            clients = Rect(x: listWidth, y: top - clientsHeight, width: w - listWidth, height: clientsHeight)
            feed = Rect(x: 0, y: top, width: w, height: feedHeight)
        } else {
            if focus == .detail {
                detail = Rect(x: 0, y: 0, width: w, height: top)
            } else {
                list = Rect(x: 0, y: 0, width: w, height: top)
            }
            let clientsWidth = max(24, w * 3 / 10)
            feed = Rect(x: 0, y: top, width: w - clientsWidth, height: feedHeight)
            clients = Rect(x: w - clientsWidth, y: top, width: clientsWidth, height: feedHeight)
        }
    }

    public var isTooSmall: Bool { size.width < Self.minimum.width || size.height < Self.minimum.height }

    /// Task rows that fit in the list (inside the border, below the header).
    public var listRows: Int { max(1, list.height - 3) }
    /// Event lines that fit in the feed.
    public var feedRows: Int { max(1, feed.height - 2) }
    public var detailRows: Int { max(1, detail.height - 2) }

    public func rect(of pane: Pane) -> Rect {
        switch pane {
        case .list: list
        case .detail: detail
        case .feed: feed
        case .clients: clients
        }
    }

    /// The pane under a cell, if any.
    public func pane(atX x: Int, y: Int) -> Pane? {
        Pane.allCases.first { rect(of: $0).contains(x: x, y: y) }
    }

    /// The list row under a cell (an index into the visible rows), if the cell is on one.
    public func listRow(atY y: Int) -> Int? {
        let first = list.y + 2
        guard !list.isEmpty, y >= first, y < first + listRows else { return nil }
        return y - first
    }
}
