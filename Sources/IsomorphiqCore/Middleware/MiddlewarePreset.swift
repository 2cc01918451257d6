public import Logging

/// Ready-made pipelines, in the order they run.
///
/// - `default`: error handling, validation, metrics, logging at debug.
/// - `production`: error handling, validation, rate limit (per type: burst 1,000, 500/s; per
///   source: burst 2,000, 1,000/s), metrics, logging at info.
/// - `development`: error handling, logging at debug, validation, metrics.
public enum MiddlewarePreset: String, Sendable, CaseIterable, Codable {
    case `default`
    case production
    case development

    /// The middleware of this preset. `metrics` is passed in so its figures can be read.
    public func middleware(logger: Logger, metrics: MetricsMiddleware = MetricsMiddleware()) -> [any EventMiddleware] {
        switch self {
        case .default:
            [ErrorHandlingMiddleware(logger: logger), ValidationMiddleware(), metrics, LoggingMiddleware(logger: logger, level: .debug)]
        case .production:
            [
                ErrorHandlingMiddleware(logger: logger), ValidationMiddleware(),
                RateLimitMiddleware(perType: .init(burst: 1000, perSecond: 500), perSource: .init(burst: 2000, perSecond: 1000)),
                metrics, LoggingMiddleware(logger: logger, level: .info),
            ]
        case .development:
            [ErrorHandlingMiddleware(logger: logger), LoggingMiddleware(logger: logger, level: .debug), ValidationMiddleware(), metrics]
        }
    }
}
