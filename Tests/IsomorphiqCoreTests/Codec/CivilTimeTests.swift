import Foundation
import Testing

@testable import IsomorphiqCore

/// The codec's fixed-format time code agrees with `Timestamp` bit for bit.
@Suite("Fast timestamps")
struct CivilTimeTests {
    static func parse(_ text: String) -> Date? {
        Array(text.utf8).withUnsafeBufferPointer { CivilTime.parse($0) }
    }

    @Test func formatAndParseAgreeWithTimestamp() {
        var random = RandomEvents(seed: 3)
        for _ in 0..<20_000 {
            let date = Bool.random(using: &random)
                ? random.date()
                : Date(timeIntervalSince1970: Double.random(in: -11_000_000_000...16_700_000_000, using: &random))
            var bytes: [UInt8] = []
            CivilTime.append(date, to: &bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text == Timestamp.format(date))
            #expect(Self.parse(text) == Timestamp.parse(text))
            #expect(Self.parse(text) == Timestamp.truncated(date))
        }
    }

    @Test func formattingAgreesUpToYear9999() {
        var random = RandomEvents(seed: 4)
        for _ in 0..<5_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: -62_000_000_000...253_000_000_000, using: &random))
            var bytes: [UInt8] = []
            CivilTime.append(date, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == Timestamp.format(date))
        }
    }

    @Test(arguments: [
        "2026-11-30T00:53:20Z", "2024-02-29T23:59:59.999Z", "2000-01-01T00:00:00.000Z", "1600-03-01T00:00:00.000Z",
    ])
    func acceptedFormsAgree(text: String) {
        #expect(Self.parse(text) != nil)
        #expect(Self.parse(text) == Timestamp.parse(text))
    }

    /// Left to `Timestamp.parse` (which may accept some of them): the fast path only takes what it is sure of.
    @Test(arguments: [
        "2026-11-30T00:53:20.1Z", "2026-11-30T01:53:20+01:00", "2023-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
        "2026-11-31T00:00:00.000Z", "2026-11-30T24:00:00.000Z", "2026-11-30T00:60:00.000Z", "2026-11-30T00:00:60.000Z",
        "2026-11-30 00:53:20.000Z", "2026-11-30T00:53:20.000z", "1599-12-31T00:00:00.000Z", "20261130T005320Z", "",
        "2026-1a-30T00:53:20.000Z", "2544-03-27T18:19:42.699Z", "9999-12-31T23:59:59.999Z",
    ])
    func otherFormsAreLeftToTimestamp(text: String) {
        #expect(Self.parse(text) == nil)
    }
}
