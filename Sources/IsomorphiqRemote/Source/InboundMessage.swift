public import IsomorphiqCore
import Foundation

/// A message from the server's `/ws`, as the remote source needs it. Messages it does not act on
/// (`pong`, `hello_ack`, `subscribed`…) are `.other`.
public enum InboundMessage: Sendable, Hashable {
    case welcome(seq: Int64, user: String)
    case event(Event)
    case resumed(throughSeq: Int64)
    case resyncRequired(seq: Int64)
    case error(code: String, message: String)
    case other(type: String)

    /// Parses one text frame. - Throws: `TaskAPIError.badResponse` for what is not the protocol.
    public static func parse(_ text: String) throws(TaskAPIError) -> InboundMessage {
        let data = Data(text.utf8)
        let head: Head
        do { head = try JSONDecoder().decode(Head.self, from: data) } catch {
            throw TaskAPIError(.badResponse, "not a protocol message: \(text.prefix(120))")
        }
        if head.type == nil, head.event != nil {
            do { return .event(try JSONDecoder().decode(Envelope.self, from: data).event.sequenced(head.seq ?? 0)) } catch {
                throw TaskAPIError(.badResponse, "an event the client cannot read: \(error)")
            }
        }
        switch head.type ?? "" {
        case "welcome": return .welcome(seq: head.seq ?? 0, user: head.user ?? "")
        case "resumed": return .resumed(throughSeq: head.throughSeq ?? 0)
        case "resync_required": return .resyncRequired(seq: head.seq ?? 0)
        case "error": return .error(code: head.code ?? "", message: head.message ?? "")
        case let type: return .other(type: type)
        }
    }

    private struct Head: Decodable {
        var type: String?
        var seq: Int64?
        var user: String?
        var throughSeq: Int64?
        var code: String?
        var message: String?
        var event: JSONValue?
    }

    private struct Envelope: Decodable {
        var event: Event
    }
}
