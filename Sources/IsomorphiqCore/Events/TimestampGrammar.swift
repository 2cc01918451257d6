/// The strict reader behind `Timestamp.parse`: RFC 3339's `date-time` (and, when asked, its
/// `full-date` alone), every field checked against the calendar, no rollover, no leap seconds.
///
///     YYYY-MM-DD ( "T" HH:MM:SS [ "." 1*9DIGIT ] ( "Z" / ("+" / "-") HH [":"] MM ) )?
enum TimestampGrammar {
    /// Milliseconds since 1970 in UTC, or `nil` when `text` is not such a time or lies outside 0001–9999.
    static func milliseconds(_ text: UnsafeBufferPointer<UInt8>, dateOnly: Bool) -> Int64? {
        var reader = Reader(text: text)
        guard let year = reader.number(4), reader.take("-"), let month = reader.number(2), reader.take("-"),
              let day = reader.number(2),
              (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year)
        else { return nil }
        let days = CivilCalendar.days(fromCivil: year, month, day)
        if reader.atEnd { return dateOnly ? days * 86_400_000 : nil }
        guard reader.take("T"), let hour = reader.number(2), reader.take(":"), let minute = reader.number(2),
              reader.take(":"), let second = reader.number(2), hour < 24, minute < 60, second < 60
        else { return nil }
        var fraction: Int64 = 0
        if reader.take(".") {
            guard let digits = reader.fraction(), digits.count <= 9 else { return nil }
            fraction = digits.value
            for _ in digits.count..<max(3, digits.count) { fraction *= 10 }
            for _ in 3..<max(3, digits.count) { fraction /= 10 }
        }
        var offsetMinutes: Int64 = 0
        if reader.take("Z") {
        } else if let sign = reader.sign() {
            guard let hours = reader.number(2) else { return nil }
            _ = reader.take(":")
            guard let minutes = reader.number(2), hours < 24, minutes < 60 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        } else {
            return nil
        }
        guard reader.atEnd else { return nil }
        let local = ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + fraction
        let utc = local - offsetMinutes * 60_000
        guard (Timestamp.earliestMilliseconds...Timestamp.latestMilliseconds).contains(utc) else { return nil }
        return utc
    }

    private struct Reader {
        let text: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == text.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < text.count, text[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func sign() -> Int64? {
            if take("+") { return 1 }
            if take("-") { return -1 }
            return nil
        }

        /// Exactly `count` ASCII digits.
        mutating func number(_ count: Int) -> Int64? {
            guard index + count <= text.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<count {
                let digit = text[index + offset] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            index += count
            return value
        }

        /// One or more digits (at most 18 are read as a number; more are counted and refused by the caller).
        mutating func fraction() -> (value: Int64, count: Int)? {
            var value: Int64 = 0
            var count = 0
            while index < text.count {
                let digit = text[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if count < 18 { value = value * 10 + Int64(digit) }
                count += 1
                index += 1
            }
            return count == 0 ? nil : (value, count)
        }
    }
}
