import Foundation

/// A strict, byte-level JSON reader (RFC 8259) over a buffer the caller keeps alive.
///
/// Typed decoders pull tokens from it (`nextKey`, `string`, `integer`…); what they do not want,
/// they `skipValue()`, which still validates. It rejects what `JSONDecoder` rejects: bad escapes,
/// lone surrogates, invalid UTF-8, control characters in strings, leading zeros, trailing commas,
/// and text after the value. Nesting is limited to `maximumDepth`, so no input can exhaust the stack.
///
/// Thread-confined: a value lives inside one `withUnsafeBufferPointer` scope.
struct JSONByteReader {
    static let maximumDepth = 512

    let input: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0

    init(_ input: UnsafeBufferPointer<UInt8>, at index: Int = 0) {
        self.input = input
        self.index = index
    }

    func error(_ detail: String) -> EventCodecError {
        EventCodecError(.syntax(detail), at: index)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < input.count {
            switch input[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed; `nil` at the end.
    @inline(__always)
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < input.count ? input[index] : nil
    }

    mutating func expect(_ byte: UInt8) throws(EventCodecError) {
        guard peek() == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    /// Throws unless only whitespace is left.
    mutating func expectEnd() throws(EventCodecError) {
        guard peek() == nil else { throw error("unexpected text after the JSON value") }
    }

    /// Consumes `null` if it comes next.
    mutating func consumeNull() throws(EventCodecError) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func literal(_ word: StaticString) throws(EventCodecError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= input.count,
              memcmp(input.baseAddress! + index, word.utf8Start, count) == 0
        else { throw error("invalid literal") }
        index += count
    }

    // MARK: Objects and arrays

    /// Starts an object: consumes `{`. Follow with `nextKey` until it returns `nil`.
    mutating func beginObject(_ key: StaticString) throws(EventCodecError) {
        guard peek() == UInt8(ascii: "{") else {
            throw EventCodecError(.wrongType(key: key.description, expected: "an object"), at: index)
        }
        try enter()
        index += 1
    }

    /// The next key of the object being read, its `:` consumed; `nil` after the closing `}`.
    /// `first` starts `true` and is kept by the caller between calls.
    mutating func nextKey(_ first: inout Bool) throws(EventCodecError) -> JSONKey? {
        guard let next = peek() else { throw error("unterminated object") }
        if next == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return nil
        }
        if first {
            first = false
        } else {
            guard next == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
            index += 1
        }
        let key = try keyToken()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// Starts an array: consumes `[`. Follow with `nextElement` until it returns `false`.
    mutating func beginArray(_ key: StaticString) throws(EventCodecError) {
        guard peek() == UInt8(ascii: "[") else {
            throw EventCodecError(.wrongType(key: key.description, expected: "an array"), at: index)
        }
        try enter()
        index += 1
    }

    /// Whether another element follows (its separator consumed); `false` after the closing `]`.
    mutating func nextElement(_ first: inout Bool) throws(EventCodecError) -> Bool {
        guard let next = peek() else { throw error("unterminated array") }
        if next == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        if first {
            first = false
        } else {
            guard next == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
            index += 1
            guard let after = peek(), after != UInt8(ascii: "]") else { throw error("expected a value") }
        }
        return true
    }

    private mutating func enter() throws(EventCodecError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func keyToken() throws(EventCodecError) -> JSONKey {
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a key") }
        let start = index + 1
        var cursor = start
        while cursor < input.count {
            let byte = input[cursor]
            if byte == UInt8(ascii: "\"") {
                index = cursor + 1
                return .raw(UnsafeBufferPointer(rebasing: input[start..<cursor]))
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            cursor += 1
        }
        return .decoded(try string())
    }
}

/// An object key: straight from the input when it is plain ASCII, else unescaped and validated.
enum JSONKey {
    case raw(UnsafeBufferPointer<UInt8>)
    case decoded(String)

    @inline(__always)
    func matches(_ name: StaticString) -> Bool {
        switch self {
        case .raw(let bytes):
            bytes.equals(name)
        case .decoded(let text):
            text == name.description
        }
    }

    var text: String {
        switch self {
        case .raw(let bytes): String(decoding: bytes, as: UTF8.self)
        case .decoded(let text): text
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes are exactly `text`'s UTF-8.
    @inline(__always)
    func equals(_ text: StaticString) -> Bool {
        count == text.utf8CodeUnitCount && (count == 0 || memcmp(baseAddress!, text.utf8Start, count) == 0)
    }
}
