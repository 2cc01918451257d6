import Foundation
import IsomorphiqTUI
import Logging

/// `LoggingSystem.bootstrap`, once per process: to a file while curses owns the screen, to
/// standard error otherwise.
enum LoggingSetup {
    static func toFile(_ path: String, level: String) {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        let factory = FileLogHandler.factory(path: path)
        LoggingSystem.bootstrap { label in
            var handler = factory(label)
            handler.logLevel = logLevel
            return handler
        }
    }

    static func toStandardError(level: String) {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
    }
}
