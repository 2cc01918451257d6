public import IsomorphiqCore

/// A store that can hand replay `BoardChange`s instead of whole events, for folds that only build a
/// board (`ReplayService.fold`). What it returns for a query must be `read(query).map(BoardChange.init)`,
/// except that an event that does not decode is `BoardChange.unreadable(seq:detail:)`, not an error.
public protocol BoardChangeSource: EventStore {
    /// The board changes of the events `query` selects, in seq order.
    func readBoardChanges(_ query: EventQuery) async throws -> [BoardChange]
}
