import IsomorphiqCore
import Foundation

/// The panes Tab moves between, in order.
public enum Pane: String, Sendable, Hashable, CaseIterable {
    case list, detail, feed, clients

    public var next: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    public var previous: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + all.count - 1) % all.count]
    }
}
