import IsomorphiqCore
import Foundation

/// The difference between two frames as runs of changed cells: what the driver writes.
/// Unchanged cells are never written, so nothing flickers and an idle frame costs no output.
public enum ScreenDiff {
    /// A horizontal stretch of cells with one style, starting at (x, y).
    public struct Run: Sendable, Hashable {
        public var x: Int
        public var y: Int
        public var text: String
        public var style: Style
        /// Columns covered, wide characters counting two.
        public var width: Int
    }

    /// Runs that turn `old` into `new`; every cell when `old` is `nil` or another size.
    public static func runs(from old: ScreenBuffer?, to new: ScreenBuffer) -> [Run] {
        let full = old == nil || old!.size != new.size
        var runs: [Run] = []
        let width = new.width
        new.cells.withUnsafeBufferPointer { cells in
            for y in 0..<new.height {
                var current: Run?
                for x in 0..<width {
                    let index = y * width + x
                    let cell = cells[index]
                    let changed = full || old!.cells[index] != cell
                    if !changed {
                        if let run = current { runs.append(run); current = nil }
                        continue
                    }
                    if cell.isContinuation {
                        current?.width += 1
                        continue
                    }
                    if let run = current, run.style == cell.style, run.x + run.width == x {
                        current!.text.append(cell.character)
                        current!.width += 1
                    } else {
                        if let run = current { runs.append(run) }
                        current = Run(x: x, y: y, text: String(cell.character), style: cell.style, width: 1)
                    }
                }
                if let run = current { runs.append(run) }
            }
        }
        return runs
    }
}
