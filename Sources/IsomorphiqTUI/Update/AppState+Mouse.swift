import IsomorphiqCore
import Foundation

extension AppState {
    /// A click focuses the pane under it (and selects the list row); the wheel scrolls it.
    mutating func handleMouse(_ mouse: MouseEvent) -> [Effect] {
        guard overlay == nil, let pane = layout.pane(atX: mouse.x, y: mouse.y) else { return [] }
        switch mouse.kind {
        case .click:
            focus = pane
            if pane == .list, let row = layout.listRow(atY: mouse.y), list.scrollTop + row < list.count {
                list.select(row: list.scrollTop + row, viewHeight: layout.listRows)
            }
        case .wheelUp, .wheelDown:
            let delta = mouse.kind == .wheelUp ? -3 : 3
            let keep = focus
            focus = pane
            move(delta)
            focus = keep
        }
        return []
    }
}
