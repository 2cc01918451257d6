import Dispatch
import IsomorphiqCore
import Synchronization

/// Serves `CriticalPath.of` for the live board away from the server's event loops.
///
/// Computations run one at a time on a queue of their own, so concurrent requests cost one
/// computation's memory, not one each; a request whose board version (`lastSeq`) was computed
/// already, by itself or by a request queued before it, gets that result without computing again.
final class CriticalPathCache: Sendable {
    private let queue = DispatchQueue(label: "isomorphiq.critical-path")
    private let last = Mutex<(seq: Int64, path: [TaskItem])?>(nil)

    func path(of board: TaskBoard) async -> [TaskItem] {
        await withCheckedContinuation { continuation in
            queue.async {
                let seq = board.lastSeq
                if let hit = self.last.withLock({ $0?.seq == seq ? $0?.path : nil }) {
                    continuation.resume(returning: hit)
                    return
                }
                let path = CriticalPath.of(board)
                self.last.withLock { $0 = (seq, path) }
                continuation.resume(returning: path)
            }
        }
    }
}
