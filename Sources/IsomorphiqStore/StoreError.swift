import Foundation

/// Why the durable store refused or failed an operation.
///
/// Every case carries a message fit for a user (`description`); `code` lets callers and tests
/// tell the cases apart without matching on text. Only the CLI maps these to exit codes.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ name: String) { description = name }

        /// Another process holds the data directory's lock.
        public static let locked = Code("locked")
        /// The file is not an SQLite database.
        public static let notADatabase = Code("notADatabase")
        /// The database file is shorter than its header says, or SQLite found it corrupt.
        public static let corrupt = Code("corrupt")
        /// The database was written by a newer schema than this program knows.
        public static let newerSchema = Code("newerSchema")
        /// A write failed (disk full, I/O error, read-only file); nothing of it was stored.
        public static let writeFailed = Code("writeFailed")
        /// An event id that is already stored.
        public static let duplicateEvent = Code("duplicateEvent")
        /// There is no event log where one was expected.
        public static let notFound = Code("notFound")
        /// The data directory could not be created or used.
        public static let directory = Code("directory")
        /// The store was closed.
        public static let closed = Code("closed")
        /// A line of an import file is bad; nothing was imported.
        public static let invalidImport = Code("invalidImport")
        /// Any other database failure.
        public static let database = Code("database")
        /// One stored event does not decode (the rest of the log may be fine).
        public static let unreadableEvent = Code("unreadableEvent")
        /// A networked store (PostgreSQL) cannot be reached; nothing was stored.
        public static let unavailable = Code("unavailable")
    }

    private enum Kind: Sendable {
        case locked(path: String, pid: Int32?)
        case notADatabase(path: String)
        case corrupt(path: String, detail: String)
        case orphanedWAL(path: String, missing: Bool, walBytes: Int64)
        case unreadableEvents(ranges: [ClosedRange<Int64>], written: Int)
        case newerSchema(path: String, found: String, known: String)
        case writeFailed(detail: String)
        case duplicateEvent(id: UUID)
        case notFound(path: String)
        case directory(path: String, detail: String)
        case closed
        case invalidImport(line: Int, detail: String)
        case database(detail: String)
        case unreadableEvent(path: String, seq: Int64, detail: String)
        case unavailable(detail: String)
        case unconfirmed(detail: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    static func locked(path: String, pid: Int32?) -> StoreError { StoreError(.locked(path: path, pid: pid)) }
    static func notADatabase(path: String) -> StoreError { StoreError(.notADatabase(path: path)) }
    static func corrupt(path: String, detail: String) -> StoreError { StoreError(.corrupt(path: path, detail: detail)) }
    /// The database is missing or empty next to a WAL that holds frames (code `.corrupt`).
    static func orphanedWAL(path: String, missing: Bool, walBytes: Int64) -> StoreError {
        StoreError(.orphanedWAL(path: path, missing: missing, walBytes: walBytes))
    }
    /// An export of a damaged log wrote `written` events and could not read those in `ranges` (code `.corrupt`).
    static func unreadableEvents(_ ranges: [ClosedRange<Int64>], written: Int) -> StoreError {
        StoreError(.unreadableEvents(ranges: ranges, written: written))
    }
    static func newerSchema(path: String, found: String, known: String) -> StoreError {
        StoreError(.newerSchema(path: path, found: found, known: known))
    }
    static func writeFailed(_ detail: String) -> StoreError { StoreError(.writeFailed(detail: detail)) }
    static func duplicateEvent(_ id: UUID) -> StoreError { StoreError(.duplicateEvent(id: id)) }
    static func notFound(path: String) -> StoreError { StoreError(.notFound(path: path)) }
    static func directory(path: String, detail: String) -> StoreError { StoreError(.directory(path: path, detail: detail)) }
    static let closed = StoreError(.closed)
    static func invalidImport(line: Int, detail: String) -> StoreError { StoreError(.invalidImport(line: line, detail: detail)) }
    static func database(_ detail: String) -> StoreError { StoreError(.database(detail: detail)) }
    /// For stores outside this module (PostgreSQL): the store cannot be reached.
    public static func unavailable(_ detail: String) -> StoreError { StoreError(.unavailable(detail: detail)) }
    /// For stores outside this module: a write was sent but its answer never came (the connection
    /// broke or timed out), so it may have been stored. Code `unavailable`.
    public static func unconfirmed(_ detail: String) -> StoreError { StoreError(.unconfirmed(detail: detail)) }
    /// For stores outside this module: any other failure of the database.
    public static func failed(_ detail: String) -> StoreError { StoreError(.database(detail: detail)) }
    /// For stores outside this module: the stored event at `seq` does not decode.
    public static func unreadable(at location: String, seq: Int64, detail: String) -> StoreError {
        StoreError(.unreadableEvent(path: location, seq: seq, detail: detail))
    }
    /// For stores outside this module: a write failed and nothing was stored.
    public static func notStored(_ detail: String) -> StoreError { StoreError(.writeFailed(detail: detail)) }

    static func unreadableEvent(path: String, seq: Int64, detail: String) -> StoreError {
        StoreError(.unreadableEvent(path: path, seq: seq, detail: detail))
    }

    public var code: Code {
        switch kind {
        case .locked: .locked
        case .notADatabase: .notADatabase
        case .corrupt, .orphanedWAL, .unreadableEvents: .corrupt
        case .newerSchema: .newerSchema
        case .writeFailed: .writeFailed
        case .duplicateEvent: .duplicateEvent
        case .notFound: .notFound
        case .directory: .directory
        case .closed: .closed
        case .invalidImport: .invalidImport
        case .database: .database
        case .unreadableEvent: .unreadableEvent
        case .unavailable, .unconfirmed: .unavailable
        }
    }

    /// The pid of the process holding the lock, for `.locked`, when it wrote one.
    public var lockHolderPID: Int32? {
        if case .locked(_, let pid) = kind { return pid }
        return nil
    }

    /// The seq of the event that does not decode, for `.unreadableEvent`.
    public var seq: Int64? {
        if case .unreadableEvent(_, let seq, _) = kind { return seq }
        return nil
    }

    /// The 1-based line of an import file that was refused, for `.invalidImport`.
    public var line: Int? {
        if case .invalidImport(let line, _) = kind { return line }
        return nil
    }

    /// How to get the readable events of the damaged log at `path` into a new data directory.
    static func recovery(_ path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return "To recover, stop every instance, copy \(directory) aside, then write out what is readable with "
            + "`isomorphiq-tui events export --data-dir \(directory) > events.jsonl` (it names the events it cannot read) "
            + "and load it into a new data directory with `isomorphiq-tui events import events.jsonl --data-dir NEW-DIR` "
            + "(docs/STORE.md, \"When something is wrong\")"
    }

    public var description: String {
        switch kind {
        case .locked(let path, let pid):
            let holder = pid.map { "process \($0)" } ?? "another process"
            return "the data directory \(path) is in use by \(holder); stop it or use another --data-dir"
        case .notADatabase(let path):
            return "\(path) is not an isomorphiq event log (not an SQLite database); it was left untouched"
        case .corrupt(let path, let detail):
            return "\(path) is damaged (\(detail)); it was left untouched. " + Self.recovery(path)
        case .orphanedWAL(let path, let missing, let walBytes):
            return "\(path) is \(missing ? "missing" : "empty") but its write-ahead log \(path)-wal holds \(walBytes) bytes "
                + "of commits that a new log would replace; nothing was opened or changed. Restore \(path) from a backup "
                + "and keep \(path)-wal next to it (do not delete it)"
        case .unreadableEvents(let ranges, let written):
            let count = ranges.reduce(0) { $0 + $1.count }
            let listed = ranges.prefix(10).map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)...\($0.upperBound)" }
            return "the log is damaged: \(written) events were written, \(count) could not be read (seq "
                + listed.joined(separator: ", ") + (ranges.count > 10 ? ", …" : "") + ")"
        case .newerSchema(let path, let found, let known):
            return "\(path) was written by a newer version of isomorphiq-tui (schema \(found), this program knows \(known)); upgrade the program"
        case .writeFailed(let detail):
            return "could not write to the event log: \(detail); nothing was stored"
        case .duplicateEvent(let id):
            return "event \(id.uuidString.lowercased()) is already in the log"
        case .notFound(let path):
            return "no event log at \(path)"
        case .directory(let path, let detail):
            return "cannot use data directory \(path): \(detail)"
        case .closed:
            return "the event log is closed"
        case .invalidImport(let line, let detail):
            return "line \(line): \(detail); nothing was imported"
        case .database(let detail):
            return "event log error: \(detail)"
        case .unreadableEvent(let path, let seq, let detail):
            return "event \(seq) in \(path) cannot be read (\(detail)); `isomorphiq-tui events verify` lists every such event"
        case .unavailable(let detail):
            return "the event log is unavailable (\(detail)); nothing was stored"
        case .unconfirmed(let detail):
            return "the event log did not confirm the write (\(detail)); it may have been stored: look before you retry"
        }
    }
}
