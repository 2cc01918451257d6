import Foundation
import IsomorphiqTUI
import Logging
import Synchronization

/// `LoggingSystem.bootstrap`, once per process: to a file while curses owns the screen, to
/// standard error otherwise. swift-log traps on a second bootstrap; here the first one wins and
/// later calls do nothing (a command may open its log more than once).
enum LoggingSetup {
    private static let bootstrapped = Mutex(false)

    static func toFile(_ path: String, level: String) {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        let factory = FileLogHandler.factory(path: path)
        bootstrap { label in
            var handler = factory(label)
            handler.logLevel = logLevel
            return handler
        }
    }

    static func toStandardError(level: String) {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
    }

    private static func bootstrap(_ factory: @escaping @Sendable (String) -> any LogHandler) {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        if first { LoggingSystem.bootstrap(factory) }
    }
}
