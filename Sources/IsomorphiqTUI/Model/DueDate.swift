public import Foundation
import IsomorphiqCore

/// Due dates as the form reads and writes them: `YYYY-MM-DD`, midnight UTC (or a full ISO-8601
/// time). Both directions are `Timestamp`'s, so the form, the CLI and REST agree on what a date is.
public enum DueDate {
    public static func format(_ date: Date) -> String {
        Timestamp.formatDay(date)
    }

    /// The date, or `nil` when `text` is not `YYYY-MM-DD` (or an ISO-8601 timestamp) naming a real
    /// day in 0001–9999: `2026-02-30` is refused, not moved to March.
    public static func parse(_ text: String) -> Date? {
        Timestamp.parseDay(text)
    }
}
