import Foundation
import NIOCore

/// Splits a byte stream into newline-terminated lines, refusing any longer than `limit`.
///
/// Pure: feed it buffers, take lines out. An over-long line yields one `.tooLong` and its bytes
/// are skipped up to the next newline, so the connection can go on. A line that is not valid
/// UTF-8 yields `.invalidUTF8`, never a string with replacement characters in it.
struct LineSplitter {
    enum Item: Equatable {
        case line(String)
        case tooLong
        case invalidUTF8
    }

    let limit: Int
    private var pending = ByteBuffer()
    private var skipping = false

    init(limit: Int) {
        self.limit = limit
    }

    mutating func feed(_ buffer: ByteBuffer) -> [Item] {
        var input = buffer
        var items: [Item] = []
        while input.readableBytes > 0 {
            guard let newline = input.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
                if !skipping {
                    if pending.readableBytes + input.readableBytes > limit {
                        items.append(.tooLong)
                        skipping = true
                        pending.clear()
                    } else {
                        pending.writeBuffer(&input)
                    }
                }
                input.moveReaderIndex(to: input.writerIndex)
                break
            }
            var chunk = input.readSlice(length: newline - input.readerIndex)!
            input.moveReaderIndex(forwardBy: 1)
            if skipping {
                skipping = false
                continue
            }
            guard pending.readableBytes + chunk.readableBytes <= limit else {
                items.append(.tooLong)
                pending.clear()
                continue
            }
            pending.writeBuffer(&chunk)
            let decoded = String(validating: pending.readableBytesView, as: UTF8.self)
            pending.clear()
            guard var line = decoded else {
                items.append(.invalidUTF8)
                continue
            }
            if line.hasSuffix("\r") { line.removeLast() }
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { items.append(.line(line)) }
        }
        return items
    }
}
