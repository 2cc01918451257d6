public import Foundation

/// The wire form of every time the project writes: ISO-8601, UTC, milliseconds
/// (`2026-11-29T12:04:31.123Z`). Parsing also accepts whole seconds and offsets.
public enum Timestamp {
    /// Formats `date` truncated to whole milliseconds.
    public static func format(_ date: Date) -> String {
        let millis = milliseconds(date)
        var seconds = time_t(millis.floorDiv(1000))
        let fraction = Int(millis - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Digits by hand: `String(format:)` goes through vfprintf and showed in profiles.
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, at offset: Int, width: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                          Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), fraction)
        }
        put(year, at: 0, width: 4)
        put(Int(parts.tm_mon) + 1, at: 5, width: 2)
        put(Int(parts.tm_mday), at: 8, width: 2)
        put(Int(parts.tm_hour), at: 11, width: 2)
        put(Int(parts.tm_min), at: 14, width: 2)
        put(Int(parts.tm_sec), at: 17, width: 2)
        put(fraction, at: 20, width: 3)
        bytes[4] = UInt8(ascii: "-")
        bytes[7] = UInt8(ascii: "-")
        bytes[10] = UInt8(ascii: "T")
        bytes[13] = UInt8(ascii: ":")
        bytes[16] = UInt8(ascii: ":")
        bytes[19] = UInt8(ascii: ".")
        bytes[23] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses an ISO-8601 timestamp, truncated to whole milliseconds like `truncated`; `nil` when it is not one.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: withFraction) { return truncated(date) }
        return (try? Date(text, strategy: withoutFraction)).map(truncated)
    }

    /// Rounds `date` down to whole milliseconds, so that a value survives a round trip through its wire form.
    ///
    /// The result is canonical: `truncated(truncated(d)) == truncated(d)`, and `parse(format(d)) == truncated(d)`
    /// bit for bit, so that decoded values compare equal to the values they were encoded from.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    /// Whole milliseconds since 1970, rounded down. A date a hair below a whole millisecond (the
    /// floating-point image of one, e.g. `Double(ms) / 1000`) counts as that millisecond.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000 + 0.001).rounded(.down))
    }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()
}

extension Int64 {
    fileprivate func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
