import Foundation

/// Fixed-format `Timestamp` text without `gmtime` or `ISO8601FormatStyle`: the codec's hot path.
///
/// Both directions agree bit for bit with `Timestamp.format` / `Timestamp.parse` for the form the
/// project writes (`YYYY-MM-DDTHH:MM:SS.fffZ`; formatting years 0000–9999, parsing 1600–2499); anything else is handed to those
/// (tested in `CivilTimeTests`).
enum CivilTime {
    /// Appends `Timestamp.format(date)` as UTF-8 to `bytes`.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let millis = Timestamp.milliseconds(date)
        let seconds = floorDiv(millis, 1000)
        let days = floorDiv(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else {
            bytes.append(contentsOf: Timestamp.format(date).utf8)
            return
        }
        let secondOfDay = seconds - days * 86_400
        let fraction = millis - seconds * 1000
        digits(year, 4, &bytes)
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
        digits(fraction, 3, &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.fffZ` with every field in range, giving
    /// exactly what `Timestamp.parse` gives; `nil` for any other text (the caller then asks `Timestamp.parse`).
    /// Years outside 1600–2499 are left to `Timestamp.parse`: before, its calendar may switch to Julian
    /// dates; after, its floating-point arithmetic loses a millisecond in some years (2544-03-27T18:19:42.699Z
    /// parses as .698), and the codec must give exactly what the `Codable` path gives.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Date? {
        guard text.count == 24 || text.count == 20, text[text.count - 1] == UInt8(ascii: "Z"),
              text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] == UInt8(ascii: "T"),
              text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"),
              let year = number(text, 0, 4), let month = number(text, 5, 2), let day = number(text, 8, 2),
              let hour = number(text, 11, 2), let minute = number(text, 14, 2), let second = number(text, 17, 2),
              (1600...2499).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var millis: Int64 = 0
        if text.count == 24 {
            guard text[19] == UInt8(ascii: "."), let fraction = number(text, 20, 3) else { return nil }
            millis = fraction
        }
        let days = days(fromCivil: year, month, day)
        millis += ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000
        return Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    private static func number(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for index in start..<(start + count) {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    private static func digits(_ value: Int64, _ width: Int, _ bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    /// Howard Hinnant's `civil_from_days` (proleptic Gregorian, day 0 = 1970-01-01).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Howard Hinnant's `days_from_civil`.
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
