public import Logging
import Foundation
import Synchronization
import IsomorphiqCore

/// A `LogHandler` that appends lines to a file, for while curses owns the screen (logs must
/// never reach the terminal). Thread-safe; each line is one `write(2)`.
public struct FileLogHandler: LogHandler {
    final class Sink: Sendable {
        let handle: Mutex<FileHandle?>
        init(path: String) {
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            let handle = FileHandle(forWritingAtPath: path)
            _ = try? handle?.seekToEnd()
            self.handle = Mutex(handle)
        }
        func write(_ line: String) {
            handle.withLock { try? $0?.write(contentsOf: Data(line.utf8)) }
        }
    }

    private let sink: Sink
    private let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]

    /// Appends to `path` (created if missing).
    public init(label: String, path: String) {
        self.label = label
        self.sink = Sink(path: path)
    }

    private init(label: String, sink: Sink) {
        self.label = label
        self.sink = sink
    }

    /// A factory for `LoggingSystem.bootstrap` that sends every logger to one file.
    public static func factory(path: String) -> @Sendable (String) -> any LogHandler {
        let sink = Sink(path: path)
        return { label in FileLogHandler(label: label, sink: sink) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        sink.write("\(Timestamp.format(Date())) \(event.level) \(label): \(event.message)\(fields.isEmpty ? "" : " " + fields)\n")
    }
}

