public import Foundation

/// The wire form of every time the project writes: ISO-8601, UTC, milliseconds
/// (`2026-11-29T12:04:31.123Z`). Parsing also accepts whole seconds and offsets.
public enum Timestamp {
    /// Formats `date` truncated to whole milliseconds.
    public static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millis.floorDiv(1000))
        let fraction = Int(millis - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), fraction)
    }

    /// Parses an ISO-8601 timestamp; `nil` when it is not one.
    /// The result is on a whole millisecond, bit-identical to `truncated` of the time it names,
    /// so that values survive a round trip and compare equal.
    public static func parse(_ text: String) -> Date? {
        guard let date = (try? Date(text, strategy: withFraction)) ?? (try? Date(text, strategy: withoutFraction)) else { return nil }
        return Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Rounds `date` down to whole milliseconds, so that a value survives a round trip through its wire form.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
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
