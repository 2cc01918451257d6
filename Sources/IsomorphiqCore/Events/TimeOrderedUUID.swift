public import Foundation

/// Time-ordered (version 7, RFC 9562) UUIDs: the first 48 bits are the Unix time in milliseconds,
/// the remaining 74 bits are random (from `RandomUUID`'s pool).
///
/// Event ids made this way sort by creation time, in text (lowercase hex) as in bytes, so the
/// store's unique index on event ids grows at its end instead of dirtying a random page per
/// event. They are as unique as version 4 ids within a millisecond (74 random bits); ids from
/// one millisecond are not ordered among themselves, which nothing relies on.
public enum TimeOrderedUUID {
    /// A version 7 UUID for `date` (now by default).
    public static func make(at date: Date = Date()) -> UUID {
        make(milliseconds: UInt64(max(0, Timestamp.milliseconds(date))), random: RandomUUID.make())
    }

    /// A version 7 UUID for `milliseconds` since 1970, its random bits taken from `random`
    /// (for deterministic generators).
    public static func make(milliseconds: UInt64, random: UUID) -> UUID {
        var raw = random.uuid
        raw.0 = UInt8(truncatingIfNeeded: milliseconds >> 40)
        raw.1 = UInt8(truncatingIfNeeded: milliseconds >> 32)
        raw.2 = UInt8(truncatingIfNeeded: milliseconds >> 24)
        raw.3 = UInt8(truncatingIfNeeded: milliseconds >> 16)
        raw.4 = UInt8(truncatingIfNeeded: milliseconds >> 8)
        raw.5 = UInt8(truncatingIfNeeded: milliseconds)
        raw.6 = (raw.6 & 0x0F) | 0x70
        raw.8 = (raw.8 & 0x3F) | 0x80
        return UUID(uuid: raw)
    }
}
