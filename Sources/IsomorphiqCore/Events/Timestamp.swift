public import Foundation

/// The wire form of every time the project writes: RFC 3339 in UTC with milliseconds
/// (`2026-11-29T12:04:31.123Z`), in the proleptic Gregorian calendar, years 0001–9999.
///
/// One strict reader and one writer, built on the same calendar (`CivilCalendar`), so that every
/// time `parse` accepts formats and parses back to itself (tested over the whole range). `parse`
/// also takes whole seconds, 1–9 fraction digits (cut to milliseconds) and offsets (`+02:00`,
/// `-0530`); it never rolls over: February 30th, hour 24 and second 60 are refused, not moved to the
/// next day, hour or minute. `parseDay` takes a plain `YYYY-MM-DD` too, as midnight UTC.
public enum Timestamp {
    /// The first and last instants the wire form can hold: 0001-01-01T00:00:00.000Z and
    /// 9999-12-31T23:59:59.999Z, in milliseconds since 1970.
    public static let earliestMilliseconds: Int64 = CivilCalendar.days(fromCivil: 1, 1, 1) * 86_400_000
    public static let latestMilliseconds: Int64 = CivilCalendar.days(fromCivil: 9999, 12, 31) * 86_400_000 + 86_399_999

    /// Whether `date` lies within the years the wire form can hold (0001–9999).
    public static func isRepresentable(_ date: Date) -> Bool {
        (earliestMilliseconds...latestMilliseconds).contains(milliseconds(date))
    }

    /// Formats `date` truncated to whole milliseconds. A date outside 0001–9999 (which nothing the
    /// project accepts can produce) comes out with a signed, widened year that `parse` refuses, so
    /// the store's write check turns it away instead of storing something else.
    public static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `format(date)` as UTF-8 to `bytes`: the codec's path, with no `String` in between.
    public static func append(_ date: Date, to bytes: inout [UInt8]) {
        let millis = milliseconds(date)
        let seconds = CivilCalendar.floorDiv(millis, 1000)
        let days = CivilCalendar.floorDiv(seconds, 86_400)
        let (year, month, day) = CivilCalendar.civil(fromDays: days)
        let secondOfDay = seconds - days * 86_400
        if (1...9999).contains(year) {
            digits(year, 4, &bytes)
        } else {
            bytes.append(UInt8(ascii: year < 0 ? "-" : "+"))
            digits(abs(year), max(5, String(abs(year)).count), &bytes)
        }
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2, &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2, &bytes)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, &bytes)
        bytes.append(UInt8(ascii: "."))
        digits(millis - seconds * 1000, 3, &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Parses an RFC 3339 timestamp (see the type's summary), truncated to whole milliseconds;
    /// `nil` when it is not one, names an impossible date or time, or falls outside 0001–9999 in UTC.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// `parse` over UTF-8 bytes.
    public static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Date? {
        TimestampGrammar.milliseconds(text, dateOnly: false).map(date(milliseconds:))
    }

    /// `parse`, or a plain `YYYY-MM-DD` as midnight UTC: how people give a due date.
    public static func parseDay(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { TimestampGrammar.milliseconds($0, dateOnly: true) }.map(date(milliseconds:))
    }

    /// `YYYY-MM-DD` of `date` in UTC.
    public static func formatDay(_ date: Date) -> String {
        String(format(date).prefix(while: { $0 != "T" }))
    }

    /// Rounds `date` down to whole milliseconds, so that a value survives a round trip through its wire form.
    ///
    /// The result is canonical: `truncated(truncated(d)) == truncated(d)`, and `parse(format(d)) == truncated(d)`
    /// bit for bit, so that decoded values compare equal to the values they were encoded from.
    public static func truncated(_ date: Date) -> Date {
        Self.date(milliseconds: milliseconds(date))
    }

    /// The date of `milliseconds` since 1970: the one conversion every reader uses.
    public static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// Whole milliseconds since 1970, rounded down, except that the image of a whole millisecond
    /// (`date(milliseconds: n)`, a little off `n` in floating point, by up to 1/64 ms in year 9999)
    /// is that millisecond exactly. Dates beyond any wire form are clamped to ±2^62 ms.
    public static func milliseconds(_ date: Date) -> Int64 {
        let scaled = date.timeIntervalSince1970 * 1000
        guard scaled.isFinite, abs(scaled) < 4.6e18 else { return scaled < 0 || scaled.isNaN ? -(1 << 62) : 1 << 62 }
        let nearest = scaled.rounded()
        if Self.date(milliseconds: Int64(nearest)) == date { return Int64(nearest) }
        return Int64(scaled.rounded(.down))
    }

    private static func digits(_ value: Int64, _ width: Int, _ bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
