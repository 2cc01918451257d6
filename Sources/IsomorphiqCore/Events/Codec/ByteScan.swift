/// Word-at-a-time byte scanning and UTF-8 validation for the JSON reader's hot loops.
///
/// All functions read only inside the buffer they are given.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// A mask with the high bit set in (at least the lowest) byte of `word` equal to `byte`; 0 when none is.
    @inline(__always)
    private static func matching(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    /// The index of the first byte at or after `start` that ends the plain part of a JSON string:
    /// `"`, `\` or a control character; `text.count` when there is none. `sawNonASCII` is set when a
    /// byte of 0x80 or more was passed over.
    @inline(__always)
    static func stringEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int, sawNonASCII: inout Bool) -> Int {
        var cursor = start
        let base = UnsafeRawPointer(text.baseAddress!)
        var high: UInt64 = 0
        while cursor + 8 <= text.count {
            let word = base.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)
            let control = (word &- ones &* 0x20) & ~word & highs
            if matching(word, UInt8(ascii: "\"")) | matching(word, UInt8(ascii: "\\")) | control != 0 { break }
            high |= word
            cursor += 8
        }
        while cursor < text.count {
            let byte = text[cursor]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            high |= UInt64(byte)
            cursor += 1
        }
        if high & highs != 0 { sawNonASCII = true }
        return cursor
    }

    /// The index of the first `"` or `\` at or after `start`, or `text.count`.
    @inline(__always)
    static func quoteOrBackslash(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var cursor = start
        let base = UnsafeRawPointer(text.baseAddress!)
        while cursor + 8 <= text.count {
            let word = base.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)
            if matching(word, UInt8(ascii: "\"")) | matching(word, UInt8(ascii: "\\")) != 0 { break }
            cursor += 8
        }
        while cursor < text.count, text[cursor] != UInt8(ascii: "\""), text[cursor] != UInt8(ascii: "\\") { cursor += 1 }
        return cursor
    }

    /// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
    static func isValidUTF8(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = text.count
        @inline(__always) func continuation(_ offset: Int) -> Bool {
            index + offset < count && text[index + offset] & 0xC0 == 0x80
        }
        while index < count {
            let lead = text[index]
            if lead < 0x80 {
                index += 1
            } else if lead < 0xC2 {
                return false
            } else if lead < 0xE0 {
                guard continuation(1) else { return false }
                index += 2
            } else if lead < 0xF0 {
                guard continuation(1), continuation(2) else { return false }
                let second = text[index + 1]
                if lead == 0xE0 && second < 0xA0 || lead == 0xED && second > 0x9F { return false }
                index += 3
            } else if lead < 0xF5 {
                guard continuation(1), continuation(2), continuation(3) else { return false }
                let second = text[index + 1]
                if lead == 0xF0 && second < 0x90 || lead == 0xF4 && second > 0x8F { return false }
                index += 4
            } else {
                return false
            }
        }
        return true
    }
}
