import Foundation

/// Appends compact JSON text to a byte array, the way `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` writes it: no whitespace, strings escaped as Foundation escapes them
/// (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as `\u00xx`; everything
/// else, `/` and non-ASCII included, as is).
///
/// Keys are written by the caller in sorted order; the writer does not check it.
struct JSONByteWriter {
    var bytes: [UInt8]

    init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends `text` verbatim; for punctuation and pre-quoted keys such as `"id":`.
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends `value` as a JSON string literal.
    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { appendEscaped($0) }
    }

    private mutating func appendEscaped(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<text.count {
            let byte = text[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index])) }
            runStart = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
            default:
                raw("u00")
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0x0F)])
            }
        }
        if runStart < text.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...])) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `value` as `JSONEncoder` writes an integer.
    mutating func integer(_ value: Int64) {
        value.appendDecimal(to: &bytes)
    }

    /// Appends a finite `value` as `JSONEncoder` writes a `Double` (`description`, a trailing `.0`
    /// dropped). Non-finite values, which `JSONEncoder` refuses, are written as `null`.
    mutating func double(_ value: Double) {
        guard value.isFinite else {
            raw("null")
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `value` in its wire form: a lower-case UUID string.
    mutating func uuid(_ value: UUID) {
        bytes.append(UInt8(ascii: "\""))
        value.appendWire(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `value` in its wire form: a `Timestamp` string.
    mutating func timestamp(_ value: Date) {
        bytes.append(UInt8(ascii: "\""))
        Timestamp.append(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a set of strings as a sorted array (Swift's `String` order, as the `Codable` path sorts).
    mutating func sortedStrings(_ values: Set<String>) {
        bytes.append(UInt8(ascii: "["))
        if values.count == 1 {
            string(values.first!)
        } else if values.count > 1 {
            for (index, value) in values.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                string(value)
            }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends a set of ids as an array sorted by wire form (which is the order of their bytes).
    mutating func sortedUUIDs(_ values: Set<UUID>) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.sorted(by: UUID.wireOrder).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            uuid(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}

extension UUID {
    /// `a.wire < b.wire` without making strings: lower-case hex preserves the order of the bytes.
    static func wireOrder(_ a: UUID, _ b: UUID) -> Bool {
        withUnsafeBytes(of: a.uuid) { left in
            withUnsafeBytes(of: b.uuid) { right in
                let l0 = UInt64(bigEndian: left.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
                let r0 = UInt64(bigEndian: right.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
                if l0 != r0 { return l0 < r0 }
                return UInt64(bigEndian: left.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                    < UInt64(bigEndian: right.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            }
        }
    }
}

extension Int64 {
    /// Appends this number's decimal digits (with a leading `-` when negative) as UTF-8 to `bytes`:
    /// JSON's form of an integer.
    public func appendDecimal(to bytes: inout [UInt8]) {
        if self < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = self.magnitude
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }
}
