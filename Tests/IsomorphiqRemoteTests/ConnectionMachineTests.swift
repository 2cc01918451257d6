import IsomorphiqRemote
import Testing

@Suite("Connection state machine")
struct ConnectionMachineTests {
    let backoff = Backoff(base: .milliseconds(100), cap: .seconds(2), jitter: 0.5)

    @Test func firstConnectLoadsTheBoardThenGoesLive() {
        var machine = ConnectionMachine(backoff: backoff)
        #expect(machine.start() == [.report(.connecting(attempt: 1)), .open(afterSeq: nil)])
        #expect(machine.welcomed(serverSeq: 7) == [.reload])
        #expect(machine.reloaded(seq: 9) == [.report(.live)])
        #expect(machine.phase == .live)
        #expect(machine.lastSeq == 9)
    }

    @Test func eventsAreDeliveredOnceInSeqOrder() {
        var machine = ConnectionMachine(lastSeq: 5, backoff: backoff)
        #expect(!machine.accept(seq: 4))
        #expect(!machine.accept(seq: 5))
        #expect(machine.accept(seq: 6))
        #expect(!machine.accept(seq: 6))
        #expect(machine.accept(seq: 0), "system events carry no seq and always pass")
        #expect(machine.lastSeq == 6)
    }

    @Test func lostConnectionBacksOffExponentiallyAndResumesFromLastSeq() {
        var machine = ConnectionMachine(backoff: backoff)
        _ = machine.start()
        _ = machine.welcomed(serverSeq: 3)
        _ = machine.reloaded(seq: 3)
        #expect(machine.accept(seq: 4))
        let first = machine.closed(reason: "connection refused", random: 0)
        #expect(first == [.report(.backingOff(attempt: 2, delay: .milliseconds(100), reason: "connection refused")), .wait(.milliseconds(100))])
        #expect(machine.retryDue() == [.report(.connecting(attempt: 2)), .open(afterSeq: 4)])
        #expect(machine.closed(reason: "x", random: 0).last == .wait(.milliseconds(200)))
        _ = machine.retryDue()
        #expect(machine.closed(reason: "x", random: 0).last == .wait(.milliseconds(400)))
        _ = machine.retryDue()
        // Resuming: welcome from a server that still has our seq, then resumed.
        #expect(machine.welcomed(serverSeq: 10) == [])
        #expect(machine.phase == .resuming)
        #expect(machine.accept(seq: 5))
        #expect(machine.resumed() == [.report(.live)])
        // After a live period the backoff starts over.
        #expect(machine.closed(reason: "x", random: 0).last == .wait(.milliseconds(100)))
    }

    @Test func backoffIsCappedAndJittered() {
        #expect(backoff.delay(attempt: 20, random: 0) == .seconds(2))
        #expect(backoff.delay(attempt: 1, random: 0.999) == .milliseconds(50))
        #expect(backoff.delay(attempt: 2, random: 0.5) == .milliseconds(150))
    }

    @Test func resyncRequiredReloadsTheBoard() {
        var machine = ConnectionMachine(lastSeq: 10, backoff: backoff)
        _ = machine.start()
        _ = machine.welcomed(serverSeq: 50_000)
        #expect(machine.resyncRequired() == [.reload])
        #expect(machine.reloaded(seq: 50_000) == [.report(.live)])
        #expect(!machine.accept(seq: 49_999))
    }

    @Test func aServerBehindUsMeansAFreshBoard() {
        var machine = ConnectionMachine(lastSeq: 10, backoff: backoff)
        _ = machine.start()
        #expect(machine.welcomed(serverSeq: 2) == [.reload], "a reset log: seqs would repeat, so resuming would skip events")
        #expect(machine.reloaded(seq: 2) == [.report(.live)])
        #expect(machine.accept(seq: 3))
    }

    @Test func stoppedIgnoresEverything() {
        var machine = ConnectionMachine(backoff: backoff)
        _ = machine.start()
        #expect(machine.stop() == [.close])
        #expect(machine.closed(reason: "x", random: 0) == [])
        #expect(machine.retryDue() == [])
    }
}
