import IsomorphiqRemote
import Testing

@Suite("Connection state machine")
struct ConnectionMachineTests {
    let backoff = Backoff(base: .milliseconds(100), cap: .seconds(2), jitter: 0.5)

    @Test func firstConnectLoadsTheBoardThenGoesLive() {
        var machine = ConnectionMachine(backoff: backoff)
        let step1 = machine.start()
        #expect(step1 == [.report(.connecting(attempt: 1)), .open(afterSeq: nil)])
        let step2 = machine.welcomed(serverSeq: 7)
        #expect(step2 == [.reload])
        let step3 = machine.reloaded(seq: 9)
        #expect(step3 == [.report(.live)])
        #expect(machine.phase == .live)
        #expect(machine.lastSeq == 9)
    }

    @Test func eventsAreDeliveredOnceInSeqOrder() {
        var machine = ConnectionMachine(lastSeq: 5, backoff: backoff)
        let step4 = machine.accept(seq: 4)
        #expect(!step4)
        let step5 = machine.accept(seq: 5)
        #expect(!step5)
        let step6 = machine.accept(seq: 6)
        #expect(step6)
        let step7 = machine.accept(seq: 6)
        #expect(!step7)
        let step8 = machine.accept(seq: 0)
        #expect(step8, "system events carry no seq and always pass")
        #expect(machine.lastSeq == 6)
    }

    @Test func lostConnectionBacksOffExponentiallyAndResumesFromLastSeq() {
        var machine = ConnectionMachine(backoff: backoff)
        _ = machine.start()
        _ = machine.welcomed(serverSeq: 3)
        _ = machine.reloaded(seq: 3)
        let step9 = machine.accept(seq: 4)
        #expect(step9)
        let first = machine.closed(reason: "connection refused", random: 0)
        #expect(first == [.report(.backingOff(attempt: 2, delay: .milliseconds(100), reason: "connection refused")), .wait(.milliseconds(100))])
        let step10 = machine.retryDue()
        #expect(step10 == [.report(.connecting(attempt: 2)), .open(afterSeq: 4)])
        let step11 = machine.closed(reason: "x", random: 0).last
        #expect(step11 == .wait(.milliseconds(200)))
        _ = machine.retryDue()
        let step12 = machine.closed(reason: "x", random: 0).last
        #expect(step12 == .wait(.milliseconds(400)))
        _ = machine.retryDue()
        // Resuming: welcome from a server that still has our seq, then resumed.
        let step13 = machine.welcomed(serverSeq: 10)
        #expect(step13 == [])
        #expect(machine.phase == .resuming)
        let step14 = machine.accept(seq: 5)
        #expect(step14)
        let step15 = machine.resumed()
        #expect(step15 == [.report(.live)])
        // After a live period the backoff starts over.
        let step16 = machine.closed(reason: "x", random: 0).last
        #expect(step16 == .wait(.milliseconds(100)))
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
        let step17 = machine.resyncRequired()
        #expect(step17 == [.reload])
        let step18 = machine.reloaded(seq: 50_000)
        #expect(step18 == [.report(.live)])
        let step19 = machine.accept(seq: 49_999)
        #expect(!step19)
    }

    @Test func aServerBehindUsMeansAFreshBoard() {
        var machine = ConnectionMachine(lastSeq: 10, backoff: backoff)
        _ = machine.start()
        let step20 = machine.welcomed(serverSeq: 2)
        #expect(step20 == [.reload], "a reset log: seqs would repeat, so resuming would skip events")
        let step21 = machine.reloaded(seq: 2)
        #expect(step21 == [.report(.live)])
        let step22 = machine.accept(seq: 3)
        #expect(step22)
    }

    @Test func stoppedIgnoresEverything() {
        var machine = ConnectionMachine(backoff: backoff)
        _ = machine.start()
        let step23 = machine.stop()
        #expect(step23 == [.close])
        let step24 = machine.closed(reason: "x", random: 0)
        #expect(step24 == [])
        let step25 = machine.retryDue()
        #expect(step25 == [])
    }
}
