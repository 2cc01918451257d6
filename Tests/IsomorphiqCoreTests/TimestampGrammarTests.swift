import Foundation
import IsomorphiqCore
import Testing

/// The one strict reader and writer of times: proleptic Gregorian, years 0001–9999, no rollover.
@Suite("Timestamp grammar")
struct TimestampGrammarTests {
    @Test("every accepted timestamp formats and parses back to itself, across 0001–9999")
    func everyAcceptedTimeRoundTrips() {
        var seed: UInt64 = 7
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 11
        }
        let span = UInt64(Timestamp.latestMilliseconds - Timestamp.earliestMilliseconds + 1)
        for _ in 0..<50_000 {
            let millis = Timestamp.earliestMilliseconds + Int64(next() % span)
            let date = Timestamp.date(milliseconds: millis)
            let text = Timestamp.format(date)
            #expect(text.count == 24)
            #expect(Timestamp.parse(text) == date, "\(text)")
            #expect(Timestamp.milliseconds(date) == millis)
            #expect(Timestamp.isRepresentable(date))
        }
    }

    @Test("the first and last representable instants, and the calendar's corners")
    func corners() {
        #expect(Timestamp.format(Timestamp.date(milliseconds: Timestamp.earliestMilliseconds)) == "0001-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Timestamp.date(milliseconds: Timestamp.latestMilliseconds)) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        // Proleptic Gregorian before 1582: 1582-10-04 is followed by 10-05, not by 10-15 as in Foundation's calendar.
        for text in ["1582-10-05T00:00:00.000Z", "1000-02-28T12:00:00.000Z", "0004-02-29T00:00:00.000Z", "2000-02-29T00:00:00.000Z"] {
            #expect(Timestamp.parse(text).map(Timestamp.format) == text)
        }
        #expect(Timestamp.parse("1582-10-05T00:00:00Z").map { Timestamp.milliseconds($0) } == Timestamp.parse("1582-10-04T00:00:00Z").map { Timestamp.milliseconds($0) + 86_400_000 })
    }

    @Test("other forms of the same instant", arguments: [
        ("2026-11-30T00:53:20Z", "2026-11-30T00:53:20.000Z"),
        ("2026-11-30T00:53:20.1Z", "2026-11-30T00:53:20.100Z"),
        ("2026-11-30T00:53:20.123456789Z", "2026-11-30T00:53:20.123Z"),
        ("2026-11-30T01:53:20+01:00", "2026-11-30T00:53:20.000Z"),
        ("2026-11-29T19:23:20-0530", "2026-11-30T00:53:20.000Z"),
        ("0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00.000Z"),
    ])
    func equivalentForms(text: String, canonical: String) {
        #expect(Timestamp.parse(text).map(Timestamp.format) == canonical)
    }

    @Test("impossible or out-of-range times are refused, never rolled over", arguments: [
        "0000-01-01T00:00:00Z", "0000-12-31T23:59:59.999Z", "-001-12-30T00:00:00.000Z", "+10000-01-01T00:00:00.000Z",
        "0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00",
        "2026-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-11-30T25:00:00Z", "2026-11-30T24:00:00Z",
        "2026-11-30T00:60:00Z", "2026-11-30T00:00:60Z", "2026-11-30T00:00:00.Z", "2026-11-30T00:00:00.1234567890Z",
        "2026-11-30T00:00:00+24:00", "2026-11-30T00:00:00+01:60", "2026-11-30T00:00:00", "2026-11-30 00:00:00Z",
        "2026-11-30T00:00:00z", "20261130T005320Z", "2026-1-30T00:00:00Z", "2026-11-30T00:00:00Z ", " 2026-11-30T00:00:00Z",
        "2026-11-30", "", "tomorrow", "2026-11-30T00:00Z",
    ])
    func refused(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("a plain date is midnight UTC where a day is asked for, and is checked the same way")
    func days() {
        #expect(Timestamp.parseDay("2026-12-05").map(Timestamp.format) == "2026-12-05T00:00:00.000Z")
        #expect(Timestamp.parseDay("2026-12-05T10:00:00Z").map(Timestamp.format) == "2026-12-05T10:00:00.000Z")
        for bad in ["2026-02-30", "0000-01-01", "2026-13-01", "2026-12-5", "2026-12-05T", "12/05/2026"] {
            #expect(Timestamp.parseDay(bad) == nil, "\(bad)")
        }
        #expect(Timestamp.formatDay(Timestamp.parseDay("0999-03-01")!) == "0999-03-01")
    }

    @Test("a date outside the wire form is never formatted as one that parses")
    func unrepresentableDatesDoNotMasquerade() {
        for date in [Date(timeIntervalSince1970: -62_200_000_000), Date(timeIntervalSince1970: 253_500_000_000), Date(timeIntervalSince1970: 1e15)] {
            #expect(!Timestamp.isRepresentable(date))
            #expect(Timestamp.parse(Timestamp.format(date)) == nil, "\(Timestamp.format(date))")
        }
    }
}
