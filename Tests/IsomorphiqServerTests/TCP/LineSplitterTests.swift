@testable import IsomorphiqServer
import NIOCore
import Testing

@Suite("TCP: line splitting")
struct LineSplitterTests {
    @Test("Lines split across buffers are joined; CRLF and blank lines are tolerated")
    func joins() {
        var splitter = LineSplitter(limit: 100)
        #expect(splitter.feed(ByteBuffer(string: "{\"a\":")) == [])
        #expect(splitter.feed(ByteBuffer(string: "1}\r\n\n{\"b\":2}\n{\"c\"")) == [.line("{\"a\":1}"), .line("{\"b\":2}")])
        #expect(splitter.feed(ByteBuffer(string: ":3}\n")) == [.line("{\"c\":3}")])
    }

    @Test("An over-long line is refused once and skipped; the next line is read")
    func tooLong() {
        var splitter = LineSplitter(limit: 8)
        #expect(splitter.feed(ByteBuffer(string: "0123456789")) == [.tooLong])
        #expect(splitter.feed(ByteBuffer(string: "more\nok\n")) == [.line("ok")])
        #expect(splitter.feed(ByteBuffer(string: "0123456789abc\nfine\n")) == [.tooLong, .line("fine")])
    }

    @Test("A line that is not UTF-8 is refused, not decoded with replacement characters; the next line is read")
    func invalidUTF8() {
        var splitter = LineSplitter(limit: 100)
        var buffer = ByteBuffer(string: "{\"title\":\"bad ")
        buffer.writeBytes([0xFF, 0xFE])
        buffer.writeString("\"}\n{\"ok\":1}\n")
        #expect(splitter.feed(buffer) == [.invalidUTF8, .line("{\"ok\":1}")])
        // A truncated sequence, split across buffers, and an overlong encoding of "/".
        #expect(splitter.feed(ByteBuffer(bytes: [0x22, 0xE2, 0x82])) == [])
        #expect(splitter.feed(ByteBuffer(bytes: [0x22, 0x0A, 0xC0, 0xAF, 0x0A])) == [.invalidUTF8, .invalidUTF8])
        #expect(splitter.feed(ByteBuffer(string: "caf\u{E9}\n")) == [.line("caf\u{E9}")])
    }
}
