import HummingbirdWebSocket
import NIOCore

/// Joins a client's frames into text messages (RFC 6455 §5.4 fragmentation), enforcing the
/// size limit on the whole message and validating UTF-8 once it is complete.
///
/// The session reads frames itself rather than through Hummingbird's message iterator, whose
/// large suspended frame every idle connection would otherwise keep.
struct TextMessageAssembler {
    enum Outcome: Equatable {
        /// A complete, valid text message.
        case text(String)
        /// More frames are needed.
        case incomplete
        /// A binary message: the protocol is JSON text.
        case binary
        /// Over `maxSize` bytes.
        case tooBig
        /// Not valid UTF-8.
        case invalidUTF8
        /// A continuation without a message, or a new message before the last one ended.
        case outOfSequence
    }

    let maxSize: Int
    private var pending: ByteBuffer?

    init(maxSize: Int) {
        self.maxSize = maxSize
    }

    mutating func add(_ frame: WebSocketDataFrame) -> Outcome {
        add(frame.opcode, frame.data, fin: frame.fin)
    }

    /// Adds one data frame's payload (after any extension has decoded it).
    mutating func add(_ opcode: WebSocketDataFrame.Opcode, _ data: ByteBuffer, fin: Bool) -> Outcome {
        switch opcode {
        case .binary:
            return pending == nil ? .binary : .outOfSequence
        case .text:
            guard pending == nil else { return .outOfSequence }
            pending = data
        case .continuation:
            guard pending != nil else { return .outOfSequence }
            var data = data
            pending!.writeBuffer(&data)
        }
        guard pending!.readableBytes <= maxSize else {
            pending = nil
            return .tooBig
        }
        guard fin, let message = pending else { return .incomplete }
        pending = nil
        guard let text = String(validating: message.readableBytesView, as: UTF8.self) else { return .invalidUTF8 }
        return .text(text)
    }
}
