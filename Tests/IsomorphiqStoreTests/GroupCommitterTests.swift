import Dispatch
@testable import IsomorphiqStore
import Synchronization
import Testing

/// The group committer's rounds, with a commit that records what it was handed instead of writing.
@Suite("Group commit", .timeLimit(.minutes(1)))
struct GroupCommitterTests {
    /// What each round's commit received: one array of chunks per round, each chunk the requests `next()` gave.
    final class Rounds: Sendable {
        private let rounds = Mutex<[[[Int]]]>([])
        /// When set, that round's commit waits for `release` before returning (callers pile up behind it).
        let holdRound = Mutex<Int?>(nil)
        let release = DispatchSemaphore(value: 0)

        var all: [[[Int]]] { rounds.withLock { $0 } }
        var chunks: Int { rounds.withLock { $0.reduce(0) { $0 + $1.count } } }

        /// Waits (without blocking a thread) until commits have received `count` chunks in all.
        func waitForChunks(_ count: Int) async {
            while chunks < count { try? await Task.sleep(for: .milliseconds(1)) }
        }

        func commit(_ gathering: GroupCommitter<Int, Int>.Gathering) -> [Result<Int, any Error>] {
            let round = rounds.withLock { rounds in
                rounds.append([])
                return rounds.count
            }
            var results: [Result<Int, any Error>] = []
            while let chunk = gathering.next() {
                rounds.withLock { $0[round - 1].append(chunk) }
                results += chunk.map { $0 < 0 ? .failure(Refused()) : .success($0 * 2) }
            }
            if holdRound.withLock({ $0 }) == round { release.wait() }
            return results
        }
    }

    struct Refused: Error {}

    @Test("a lone caller is committed at once: a round after a single request does not wait for more")
    func loneCaller() async throws {
        let rounds = Rounds()
        let committer = GroupCommitter<Int, Int>(label: "test", gatherLimit: .seconds(3_600), commit: rounds.commit)
        for value in 1...3 {
            #expect(try await committer.submit(value) == value * 2)
        }
        #expect(rounds.all == [[[1]], [[2]], [[3]]])
    }

    @Test("each caller gets its own result, a failed request fails alone, and every request is committed once")
    func resultsReachTheirCallers() async throws {
        let rounds = Rounds()
        let committer = GroupCommitter<Int, Int>(label: "test", commit: rounds.commit)
        let outcomes = await withTaskGroup(of: (Int, Int?).self) { group in
            for value in -3...200 where value != 0 {
                group.addTask { (value, try? await committer.submit(value)) }
            }
            return await group.reduce(into: [Int: Int?]()) { $0[$1.0] = $1.1 }
        }
        for (value, outcome) in outcomes {
            #expect(outcome == (value < 0 ? nil : value * 2), "request \(value)")
        }
        let committed = rounds.all.flatMap { $0.flatMap { $0 } }
        #expect(committed.sorted() == Array(-3...200).filter { $0 != 0 })
    }

    @Test("a round writes its first requests while the rest arrive, until it holds as many as the round before")
    func gathersWhileWriting() async throws {
        let rounds = Rounds()
        let committer = GroupCommitter<Int, Int>(label: "test", gatherLimit: .seconds(3_600), commit: rounds.commit)
        // Round 1 holds request 1 until requests 2...5 wait behind it; round 2 then takes all four.
        rounds.holdRound.withLock { $0 = 1 }
        let first = Task { try await committer.submit(1) }
        await rounds.waitForChunks(1)
        let waiting = (2...5).map { value in Task { try await committer.submit(value) } }
        while committer.waitingCount < 4 { try await Task.sleep(for: .milliseconds(1)) }
        rounds.release.signal()
        #expect(try await first.value == 2)
        for (task, value) in zip(waiting, 2...5) { #expect(try await task.value == value * 2) }
        // (Requests 2...5 come from four tasks, in whatever order they ran.)
        #expect(rounds.all.map { $0.flatMap { $0 }.sorted() } == [[1], [2, 3, 4, 5]])

        // Round 3's target is four. It is handed request 6 alone, and the others as they come.
        let sixth = Task { try await committer.submit(6) }
        await rounds.waitForChunks(3)
        var later: [Task<Int, any Error>] = []
        for value in 7...9 {
            later.append(Task { try await committer.submit(value) })
            await rounds.waitForChunks(value - 3)
        }
        #expect(try await sixth.value == 12)
        for (task, value) in zip(later, 7...9) { #expect(try await task.value == value * 2) }
        #expect(rounds.all.count == 3)
        #expect(rounds.all[2] == [[6], [7], [8], [9]])
    }

    @Test("a round short of its target commits once nothing has arrived for the gather limit")
    func stopsGatheringWhenIdle() async throws {
        let rounds = Rounds()
        let committer = GroupCommitter<Int, Int>(label: "test", gatherLimit: .milliseconds(20), commit: rounds.commit)
        rounds.holdRound.withLock { $0 = 1 }
        let first = Task { try await committer.submit(1) }
        await rounds.waitForChunks(1)
        let waiting = (2...4).map { value in Task { try await committer.submit(value) } }
        while committer.waitingCount < 3 { try await Task.sleep(for: .milliseconds(1)) }
        rounds.release.signal()
        _ = try await first.value
        for task in waiting { _ = try await task.value }
        // Round 3 wants three requests but only one comes.
        #expect(try await committer.submit(5) == 10)
        #expect(rounds.all.map { $0.flatMap { $0 }.sorted() } == [[1], [2, 3, 4], [5]])
    }

    @Test("a commit that fails before asking for its requests answers every one of them with its failure")
    func failsBeforeAsking() async throws {
        let committer = GroupCommitter<Int, Int>(label: "test") { gathering in
            Array(repeating: .failure(Refused()), count: gathering.count)
        }
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for value in 1...20 {
                group.addTask { (try? await committer.submit(value)) == nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes == Array(repeating: true, count: 20))
    }
}
