/// Numbers, literals, skipping and untyped values.
extension JSONByteReader {
    /// Reads an integer. Like `JSONDecoder`, a number written with a fraction or exponent is accepted
    /// when its value is a whole number in range.
    mutating func integer(_ key: StaticString) throws(EventCodecError) -> Int64 {
        guard let first = peek(), first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw EventCodecError(.wrongType(key: key.description, expected: "a number"), at: index)
        }
        let start = index
        let isInteger = try numberToken()
        if isInteger, index - start <= 18 {
            var cursor = start
            let negative = input[cursor] == UInt8(ascii: "-")
            if negative { cursor += 1 }
            var value: Int64 = 0
            while cursor < index {
                value = value * 10 + Int64(input[cursor] - UInt8(ascii: "0"))
                cursor += 1
            }
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
        if isInteger, let value = Int64(text) { return value }
        guard let value = Double(text), value == value.rounded(), let exact = Int64(exactly: value) else {
            throw EventCodecError(.invalidValue(key: key.description, detail: "must be a whole number in range, not \(text)"), at: start)
        }
        return exact
    }

    /// Reads a number as a `Double`; one too large for it is an error, as in `JSONDecoder`.
    mutating func double(_ key: StaticString) throws(EventCodecError) -> Double {
        let start = index
        _ = try numberToken()
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw EventCodecError(.invalidValue(key: key.description, detail: "is out of range: \(text)"), at: start)
        }
        return value
    }

    /// Consumes one number token (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`);
    /// returns whether it was written as an integer.
    private mutating func numberToken() throws(EventCodecError) -> Bool {
        skipWhitespace()
        if index < input.count, input[index] == UInt8(ascii: "-") { index += 1 }
        guard index < input.count, isDigit(input[index]) else { throw error("invalid number") }
        if input[index] == UInt8(ascii: "0") {
            index += 1
            if index < input.count, isDigit(input[index]) { throw error("leading zero in a number") }
        } else {
            skipDigits()
        }
        var isInteger = true
        if index < input.count, input[index] == UInt8(ascii: ".") {
            index += 1
            guard index < input.count, isDigit(input[index]) else { throw error("invalid number") }
            skipDigits()
            isInteger = false
        }
        if index < input.count, input[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < input.count, input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-") { index += 1 }
            guard index < input.count, isDigit(input[index]) else { throw error("invalid number") }
            skipDigits()
            isInteger = false
        }
        return isInteger
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private mutating func skipDigits() {
        while index < input.count, isDigit(input[index]) { index += 1 }
    }

    mutating func bool(_ key: StaticString) throws(EventCodecError) -> Bool {
        switch peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw EventCodecError(.wrongType(key: key.description, expected: "true or false"), at: index)
        }
    }

    /// Skips one value of any kind, validating it as strictly as if it were read.
    mutating func skipValue() throws(EventCodecError) {
        switch peek() {
        case UInt8(ascii: "{"):
            try beginObject("value")
            var first = true
            while try nextKey(&first) != nil { try skipValue() }
        case UInt8(ascii: "["):
            try beginArray("value")
            var first = true
            while try nextElement(&first) { try skipValue() }
        case UInt8(ascii: "\""):
            let start = index
            let valid = try withStringBytes("value") { bytes in
                ByteScan.isValidUTF8(bytes)
            }
            guard valid else { throw EventCodecError(.syntax("invalid UTF-8 in a string"), at: start) }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case nil: throw error("unexpected end of input")
        default: _ = try numberToken()
        }
    }

    /// Reads any value, as `JSONValue: Decodable` does (numbers as `Double`).
    mutating func jsonValue() throws(EventCodecError) -> JSONValue {
        switch peek() {
        case UInt8(ascii: "{"):
            try beginObject("value")
            var fields: [String: JSONValue] = [:]
            var first = true
            while let key = try nextKey(&first) { fields[key.text] = try jsonValue() }
            return .object(fields)
        case UInt8(ascii: "["):
            try beginArray("value")
            var values: [JSONValue] = []
            var first = true
            while try nextElement(&first) { values.append(try jsonValue()) }
            return .array(values)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try bool("value"))
        case UInt8(ascii: "n"): try literal("null"); return .null
        case nil: throw error("unexpected end of input")
        default: return .number(try double("value"))
        }
    }
}
