/// Input from outside that is not what the protocol says: bad JSON, a missing or wrong field.
/// Nothing carrying one reaches the task service. REST maps it to 400, WebSocket and TCP to an
/// error message.
struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    var message: String
    /// The field at fault, when there is one.
    var field: String?

    init(_ message: String, field: String? = nil) {
        self.message = message
        self.field = field
    }

    var description: String { message }
}
