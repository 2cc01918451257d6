import Foundation

/// String tokens: escapes, surrogate pairs and UTF-8 validation.
extension JSONByteReader {
    /// Reads a string and hands its unescaped bytes to `body` (not yet checked to be UTF-8; `string`
    /// does that). Plain strings are handed over in place, without copying.
    @inline(__always)
    mutating func withStringBytes<R>(
        _ key: StaticString, _ body: (UnsafeBufferPointer<UInt8>) throws(EventCodecError) -> R
    ) throws(EventCodecError) -> R {
        try flaggedStringBytes(key) { (bytes, _) throws(EventCodecError) -> R in try body(bytes) }
    }

    @inline(__always)
    /// `withStringBytes`, also telling `body` whether the bytes may be other than ASCII.
    private mutating func flaggedStringBytes<R>(
        _ key: StaticString, _ body: (UnsafeBufferPointer<UInt8>, Bool) throws(EventCodecError) -> R
    ) throws(EventCodecError) -> R {
        var sawNonASCII = false
        guard peek() == UInt8(ascii: "\"") else {
            throw EventCodecError(.wrongType(key: key.description, expected: "a string"), at: index)
        }
        let start = index + 1
        let end = ByteScan.stringEnd(input, from: start, sawNonASCII: &sawNonASCII)
        guard end < input.count else {
            index = end
            throw error("unterminated string")
        }
        switch input[end] {
        case UInt8(ascii: "\""):
            index = end + 1
            return try body(UnsafeBufferPointer(rebasing: input[start..<end]), sawNonASCII)
        case UInt8(ascii: "\\"):
            var scratch = Array(input[start..<end])
            index = end
            try unescape(into: &scratch)
            // Escapes may have produced any bytes: say so, so that they are validated.
            return try scratch.withUnsafeBufferPointer { (bytes) throws(EventCodecError) -> R in try body(bytes, true) }
        default:
            index = end
            throw error("control character in a string")
        }
    }

    /// Reads a string value that must be valid UTF-8.
    mutating func string(_ key: StaticString = "string") throws(EventCodecError) -> String {
        let start = index
        let text = try flaggedStringBytes(key) { bytes, mayBeNonASCII -> String? in
            mayBeNonASCII && !ByteScan.isValidUTF8(bytes) ? nil : String(decoding: bytes, as: UTF8.self)
        }
        guard let text else { throw EventCodecError(.syntax("invalid UTF-8 in a string"), at: start) }
        return text
    }

    /// Reads `null` as `nil`, else a string.
    mutating func optionalString(_ key: StaticString) throws(EventCodecError) -> String? {
        try consumeNull() ? nil : string(key)
    }

    /// Continues a string at a backslash, appending unescaped bytes, through the closing quote.
    private mutating func unescape(into bytes: inout [UInt8]) throws(EventCodecError) {
        while index < input.count {
            let byte = input[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return
            case UInt8(ascii: "\\"):
                guard index < input.count else { break }
                let escape = input[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"): try unicodeEscape(into: &bytes)
                default:
                    index -= 1
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            default:
                guard byte >= 0x20 else {
                    index -= 1
                    throw error("control character in a string")
                }
                bytes.append(byte)
            }
        }
        throw error("unterminated string")
    }

    /// After `\u`: four hex digits, and for a high surrogate the `\uXXXX` low surrogate that must follow.
    private mutating func unicodeEscape(into bytes: inout [UInt8]) throws(EventCodecError) {
        let unit = try hex4()
        var scalarValue = UInt32(unit)
        if (0xD800...0xDBFF).contains(unit) {
            guard index + 1 < input.count, input[index] == UInt8(ascii: "\\"), input[index + 1] == UInt8(ascii: "u") else {
                throw error("a high surrogate not followed by a low one")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("a high surrogate not followed by a low one") }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(unit) {
            throw error("a lone low surrogate")
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw error("invalid unicode escape") }
        bytes.append(contentsOf: UTF8.encode(scalar)!)
    }

    private mutating func hex4() throws(EventCodecError) -> UInt16 {
        guard index + 4 <= input.count else { throw error("truncated unicode escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = input[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid unicode escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
