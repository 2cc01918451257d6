import Foundation
import IsomorphiqCore
import Testing

@Suite("Timestamp canonical form")
struct TimestampCanonicalTests {
    @Test("a date survives format and parse bit for bit, and truncation is idempotent")
    func roundTrip() {
        var seed: UInt64 = 1
        for _ in 0..<20_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(seed % 400_000_000_000) / 1_000_000)
            let truncated = Timestamp.truncated(date)
            #expect(Timestamp.truncated(truncated) == truncated)
            #expect(Timestamp.parse(Timestamp.format(date)) == truncated)
            #expect(truncated <= date.addingTimeInterval(0.000_002), "never later than the date, but for the 1 µs tolerance")
        }
    }

    @Test("whole milliseconds made from integers keep their value")
    func wholeMilliseconds() {
        for millis in Int64(1_800_000_000_000)..<1_800_000_010_000 {
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            #expect(Timestamp.milliseconds(date) == millis)
        }
    }
}
