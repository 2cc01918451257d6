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
}
