/// The bus's knobs, named as in the seed design.
public struct EventBusConfiguration: Sendable, Hashable {
    /// The most subscriptions at once; one more is refused with `EventBusError.tooManyListeners`.
    public var maxListeners: Int
    /// Whether task events are stored. Without it the bus keeps them in a bounded in-memory log.
    public var enablePersistence: Bool
    /// Whether counts and latencies are recorded (and reported to swift-metrics).
    public var enableMetrics: Bool
    /// How long one middleware step may take before its publish fails with a timeout.
    public var middlewareTimeout: Duration
    /// Events buffered per subscriber before its overflow policy applies.
    public var subscriberBufferSize: Int

    public init(
        maxListeners: Int = 1000,
        enablePersistence: Bool = true,
        enableMetrics: Bool = true,
        middlewareTimeout: Duration = .seconds(5),
        subscriberBufferSize: Int = 1024
    ) {
        self.maxListeners = maxListeners
        self.enablePersistence = enablePersistence
        self.enableMetrics = enableMetrics
        self.middlewareTimeout = middlewareTimeout
        self.subscriberBufferSize = subscriberBufferSize
    }
}
