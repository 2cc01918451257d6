/// Why a publish or a subscription failed.
public struct EventBusError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case tooManyListeners(limit: Int)
        case rejected(EventRejection)
        case middlewareTimeout(middleware: String, timeout: Duration)
        case storeFailed(String)
    }

    let kind: Kind

    public static func tooManyListeners(limit: Int) -> EventBusError { .init(kind: .tooManyListeners(limit: limit)) }
    public static func rejected(_ rejection: EventRejection) -> EventBusError { .init(kind: .rejected(rejection)) }
    public static func middlewareTimeout(_ middleware: String, after timeout: Duration) -> EventBusError {
        .init(kind: .middlewareTimeout(middleware: middleware, timeout: timeout))
    }
    public static func storeFailed(_ message: String) -> EventBusError { .init(kind: .storeFailed(message)) }

    /// The middleware's refusal, when that is what failed the publish.
    public var rejection: EventRejection? {
        if case .rejected(let rejection) = kind { return rejection }
        return nil
    }

    public var isTimeout: Bool {
        if case .middlewareTimeout = kind { return true }
        return false
    }

    public var isStoreFailure: Bool {
        if case .storeFailed = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .tooManyListeners(let limit): "too many listeners: the bus allows at most \(limit) subscriptions"
        case .rejected(let rejection): rejection.description
        case .middlewareTimeout(let name, let timeout): "middleware '\(name)' did not finish within \(timeout)"
        case .storeFailed(let message): "the event store failed: \(message)"
        }
    }
}
