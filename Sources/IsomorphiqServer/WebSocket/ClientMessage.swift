import Foundation
import IsomorphiqCore

/// What a WebSocket client may send. Anything else is answered with an `error` message.
enum ClientMessage: Sendable, Equatable {
    case subscribe(types: Set<EventType>, taskIDs: Set<TaskID>?)
    case unsubscribe(types: Set<EventType>, taskIDs: Set<TaskID>?)
    case ping(id: JSONValue?)
    case hello(program: String, user: String?)
    case resume(afterSeq: Int64)

    /// Why a message was refused, with the `code` of the `error` reply.
    struct Refusal: Error, Equatable {
        var code: String
        var message: String
    }

    static func parse(_ text: String) throws(Refusal) -> ClientMessage {
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) } catch {
            throw Refusal(code: "invalid_json", message: "the message is not valid JSON")
        }
        do {
            var reader = try JSONObjectReader(value)
            guard let type = try reader.string("type") else { throw Refusal(code: "invalid_message", message: "type is required") }
            let message = try parse(type: type, &reader)
            return message
        } catch let error as InputError {
            throw Refusal(code: "invalid_message", message: error.message)
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(code: "invalid_message", message: "\(error)")
        }
    }

    private static func parse(type: String, _ reader: inout JSONObjectReader) throws -> ClientMessage {
        switch type {
        case "subscribe", "unsubscribe":
            guard let names = try reader.strings("eventTypes") else { throw InputError("eventTypes is required (an array; \"*\" for every type)") }
            let types = try eventTypes(names)
            let ids = try reader.taskIDs("taskIds")
            return type == "subscribe" ? .subscribe(types: types, taskIDs: ids) : .unsubscribe(types: types, taskIDs: ids)
        case "ping":
            return .ping(id: reader.value("id"))
        case "hello":
            let program = try reader.string("program") ?? "unknown"
            guard (1...64).contains(program.count) else { throw InputError("program must be 1–64 characters") }
            return .hello(program: program, user: try reader.string("user"))
        case "resume":
            guard let after = try reader.int("afterSeq"), after >= 0 else { throw InputError("afterSeq is required (a seq, 0 or more)") }
            return .resume(afterSeq: Int64(after))
        default:
            throw Refusal(code: "unknown_type", message: "unknown message type '\(type)' (subscribe, unsubscribe, ping, hello, resume)")
        }
    }

    /// `"*"` is every type.
    static func eventTypes(_ names: [String]) throws(InputError) -> Set<EventType> {
        var types: Set<EventType> = []
        for name in names {
            if name == "*" { return Set(EventType.allCases) }
            guard let type = EventType(rawValue: name) else { throw InputError("unknown event type '\(name)'") }
            types.insert(type)
        }
        return types
    }
}
