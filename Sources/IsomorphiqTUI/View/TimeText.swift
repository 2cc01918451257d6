import IsomorphiqCore

public import Foundation

/// Times as the screen shows them, in the state's time zone.
public enum TimeText {
    /// `12:04:31`
    public static func clock(_ date: Date, in zone: TimeZone) -> String {
        let parts = components(date, zone)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// `2026-11-29 12:04`
    public static func dateTime(_ date: Date, in zone: TimeZone) -> String {
        let parts = components(date, zone)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    private static func components(_ date: Date, _ zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }
}
