public import Foundation
public import IsomorphiqCore
import Synchronization

/// Bearer tokens and the users they belong to, kept in `tokens.json` (mode 0600) in a directory.
///
/// The file is the truth, shared by every process on the data directory: each change takes an
/// exclusive `flock` on `.tokens.lock`, re-reads the file, applies itself and writes the file
/// through (to a temporary file, then renamed), so a `token` command and a running server never
/// undo each other. A running server sees changes made by others through `reload()`, which
/// `TokenFileWatcher` calls when the file is replaced. Users whose token is gone or replaced are
/// reported to `onRevocation` handlers (the server closes their sockets). Lookups are a dictionary
/// read under a lock. Thread-safe. A store made with `inMemory()` writes and watches nothing.
public final class TokenStore: Sendable {
    private struct State {
        var records: [UserID: TokenRecord] = [:]
        var byToken: [String: UserID] = [:]

        init(_ records: some Sequence<TokenRecord>) {
            for record in records {
                self.records[record.user] = record
                byToken[record.token] = record.user
            }
        }
    }

    private struct FileFormat: Codable {
        var version = 1
        var tokens: [TokenRecord]
    }

    /// A handler told which users lost their token (revoked or replaced).
    public typealias RevocationHandler = @Sendable (Set<UserID>) -> Void

    /// The file, or `nil` for a store in memory.
    public let fileURL: URL?
    private let state: Mutex<State>
    private let handlers = Mutex<(next: Int, all: [Int: RevocationHandler])>((0, [:]))
    /// Serialises this process's own changes (the `flock` serialises them with other processes').
    private let changing = Mutex(())

    private init(fileURL: URL?, records: [TokenRecord]) {
        self.fileURL = fileURL
        self.state = Mutex(State(records))
    }

    /// A store that lives only in memory (tests, `--store memory`).
    public static func inMemory(_ records: [TokenRecord] = []) -> TokenStore {
        TokenStore(fileURL: nil, records: records)
    }

    /// Opens (or starts) `directory/tokens.json`.
    /// - Throws: `TokenStoreError` (`cannot read the tokens: …`) when the file exists but cannot be read.
    public static func open(directory: URL) throws(TokenStoreError) -> TokenStore {
        let url = directory.appendingPathComponent("tokens.json")
        return TokenStore(fileURL: url, records: try read(url))
    }

    /// The user `token` belongs to, or `nil`.
    public func user(forToken token: String) -> AuthenticatedUser? {
        state.withLock { state in
            guard let name = state.byToken[token], let record = state.records[name] else { return nil }
            return AuthenticatedUser(name: record.user, admin: record.admin)
        }
    }

    /// Every token, by user name.
    public func list() -> [TokenRecord] {
        state.withLock { $0.records.values.sorted { $0.user < $1.user } }
    }

    /// The users whose tokens make them admins, for `PermissionPolicy(admins:)`.
    public var admins: Set<UserID> {
        state.withLock { Set($0.records.values.filter(\.admin).map(\.user)) }
    }

    /// Calls `handler` (on the thread that noticed) with the users whose token was revoked or
    /// replaced, after each change made here or noticed by `reload()`. Returns a key for `removeHandler`.
    @discardableResult
    public func onRevocation(_ handler: @escaping RevocationHandler) -> Int {
        handlers.withLock { handlers in
            handlers.next += 1
            handlers.all[handlers.next] = handler
            return handlers.next
        }
    }

    public func removeHandler(_ key: Int) {
        _ = handlers.withLock { $0.all.removeValue(forKey: key) }
    }

    /// Reads the file again and takes it as the truth; returns the users who lost their token.
    /// A file that cannot be read leaves the tokens in force as they were and throws.
    @discardableResult
    public func reload() throws(TokenStoreError) -> Set<UserID> {
        guard let fileURL else { return [] }
        let records = try Self.read(fileURL)
        return install(records)
    }

    /// Takes `records` as the tokens in force (from a store shared by several instances) and
    /// writes them through to the file. Users who lost their token are reported to the handlers.
    public func adopt(_ records: [TokenRecord]) throws(TokenStoreError) {
        let next = Dictionary(records.map { ($0.user, $0) }, uniquingKeysWith: { $1 })
        try change { current throws(TokenStoreError) in
            let changed = next != current
            current = next
            return ((), changed)
        }
    }

    /// Makes `user` the local admin with `token`, or with the token it has, or with a new one.
    /// Returns the token in force.
    @discardableResult
    public func ensureLocalUser(_ user: UserID, token: String? = nil, now: Date = Date()) throws(TokenStoreError) -> String {
        let name = try Self.validName(user)
        if let token { try Self.checkToken(token) }
        return try change { records in
            let existing = records[name]
            let chosen = token ?? existing?.token ?? TokenRecord.generateToken()
            var changed = false
            for (holder, record) in records where record.token == chosen && holder != name {
                records[holder] = nil
                changed = true
            }
            let record = TokenRecord(user: name, token: chosen, admin: true, createdAt: existing?.createdAt ?? now)
            if existing != record {
                records[name] = record
                changed = true
            }
            return (chosen, changed)
        }
    }

    /// Gives `user` a new token. Returns it.
    /// - Throws: when the user has one already or the name is not a user name.
    @discardableResult
    public func add(_ user: UserID, admin: Bool = false, now: Date = Date()) throws(TokenStoreError) -> String {
        let name = try Self.validName(user)
        let token = TokenRecord.generateToken()
        return try change { records throws(TokenStoreError) in
            guard records[name] == nil else { throw .userExists(name) }
            records[name] = TokenRecord(user: name, token: token, admin: admin, createdAt: now)
            return (token, true)
        }
    }

    /// Removes `user`'s token; requests carrying it are refused from now on, here at once and in a
    /// running server on the same directory within a moment (`TokenFileWatcher`).
    public func revoke(_ user: UserID) throws(TokenStoreError) {
        try change { records throws(TokenStoreError) in
            guard records.removeValue(forKey: user) != nil else { throw .noSuchUser(user) }
            return ((), true)
        }
    }

    /// One change: under this process's lock and the file's `flock`, from the file as it is now
    /// (another process may have changed it), written through when `body` says it changed something.
    private func change<Result>(
        _ body: (inout [UserID: TokenRecord]) throws(TokenStoreError) -> (Result, changed: Bool)
    ) throws(TokenStoreError) -> Result {
        try changing.withLock { _ throws(TokenStoreError) -> Result in
            guard let fileURL else {
                var records = state.withLock { $0.records }
                let (result, changed) = try body(&records)
                if changed { install(Array(records.values)) }
                return result
            }
            let lock = try FileLock(directory: fileURL.deletingLastPathComponent())
            defer { lock.unlock() }
            var records = Dictionary(try Self.read(fileURL).map { ($0.user, $0) }, uniquingKeysWith: { $1 })
            let (result, changed) = try body(&records)
            if changed {
                try Self.write(records.values.sorted { $0.user < $1.user }, to: fileURL)
            }
            install(Array(records.values))
            return result
        }
    }

    /// Puts `records` in force and tells the handlers who lost their token.
    @discardableResult
    private func install(_ records: [TokenRecord]) -> Set<UserID> {
        let next = State(records)
        let revoked: Set<UserID> = state.withLock { state in
            let gone = state.records.filter { user, record in next.records[user]?.token != record.token }.keys
            state = next
            return Set(gone)
        }
        if !revoked.isEmpty {
            for handler in handlers.withLock({ Array($0.all.values) }) { handler(revoked) }
        }
        return revoked
    }

    private static func read(_ url: URL) throws(TokenStoreError) -> [TokenRecord] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        do {
            let data = try Data(contentsOf: url)
            return try JSONDecoder.tokens.decode(FileFormat.self, from: data).tokens
        } catch {
            throw .unreadable("\(url.path): \(error)")
        }
    }

    private static func write(_ records: [TokenRecord], to fileURL: URL) throws(TokenStoreError) {
        do {
            let data = try JSONEncoder.tokens.encode(FileFormat(tokens: records))
            let directory = fileURL.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".tokens.json.\(UUID().uuidString.prefix(8))")
            guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw TokenStoreError.io("cannot create \(temporary.path)")
            }
            if rename(temporary.path, fileURL.path) != 0 {
                try? FileManager.default.removeItem(at: temporary)
                throw TokenStoreError.io("cannot replace \(fileURL.path): errno \(errno)")
            }
        } catch let error as TokenStoreError {
            throw error
        } catch {
            throw .io(String(describing: error))
        }
    }

    private static func validName(_ raw: String) throws(TokenStoreError) -> UserID {
        do { return try TaskFieldRules.user(raw, field: "user") } catch { throw .invalidName(raw) }
    }

    private static func checkToken(_ token: String) throws(TokenStoreError) {
        guard TokenRecord.isWellFormed(token) else {
            throw .invalidToken
        }
    }
}

/// An exclusive `flock` on `.tokens.lock` in a directory, held until `unlock()`.
private struct FileLock {
    let descriptor: Int32

    init(directory: URL) throws(TokenStoreError) {
        let path = directory.appendingPathComponent(".tokens.lock").path
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io("cannot open \(path): errno \(errno)") }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw .io("cannot lock \(path): errno \(errno)")
            }
        }
        self.descriptor = descriptor
    }

    func unlock() {
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

extension JSONEncoder {
    fileprivate static var tokens: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    fileprivate static var tokens: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
