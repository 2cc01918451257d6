public import Foundation
public import IsomorphiqCore
import Synchronization

/// Bearer tokens and the users they belong to, kept in `tokens.json` (mode 0600) in a directory.
///
/// Every change is written through at once (to a temporary file, then renamed). Lookups are a
/// dictionary read under a lock. Thread-safe. A store made with `inMemory()` writes nothing.
public final class TokenStore: Sendable {
    private struct State {
        var records: [UserID: TokenRecord] = [:]
        var byToken: [String: UserID] = [:]
    }

    private struct FileFormat: Codable {
        var version = 1
        var tokens: [TokenRecord]
    }

    /// The file, or `nil` for a store in memory.
    public let fileURL: URL?
    private let state = Mutex(State())

    private init(fileURL: URL?, records: [TokenRecord]) {
        self.fileURL = fileURL
        state.withLock { state in
            for record in records {
                state.records[record.user] = record
                state.byToken[record.token] = record.user
            }
        }
    }

    /// A store that lives only in memory (tests, `--store memory`).
    public static func inMemory(_ records: [TokenRecord] = []) -> TokenStore {
        TokenStore(fileURL: nil, records: records)
    }

    /// Opens (or starts) `directory/tokens.json`.
    /// - Throws: `TokenStoreError` when the file exists but cannot be read.
    public static func open(directory: URL) throws(TokenStoreError) -> TokenStore {
        let url = directory.appendingPathComponent("tokens.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return TokenStore(fileURL: url, records: []) }
        do {
            let data = try Data(contentsOf: url)
            let file = try JSONDecoder.tokens.decode(FileFormat.self, from: data)
            return TokenStore(fileURL: url, records: file.tokens)
        } catch {
            throw .io("\(url.path): \(error)")
        }
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

    /// Makes `user` the local admin with `token`, or with the token it has, or with a new one.
    /// Returns the token in force.
    @discardableResult
    public func ensureLocalUser(_ user: UserID, token: String? = nil, now: Date = Date()) throws(TokenStoreError) -> String {
        let name = try Self.validName(user)
        if let token { try Self.checkToken(token) }
        let record: TokenRecord = state.withLock { state in
            let existing = state.records[name]
            let chosen = token ?? existing?.token ?? TokenRecord.generateToken()
            if let existing { state.byToken[existing.token] = nil }
            if let holder = state.byToken[chosen], holder != name { state.records[holder] = nil }
            let record = TokenRecord(user: name, token: chosen, admin: true, createdAt: existing?.createdAt ?? now)
            state.records[name] = record
            state.byToken[chosen] = name
            return record
        }
        try save()
        return record.token
    }

    /// Gives `user` a new token. Returns it.
    /// - Throws: when the user has one already or the name is not a user name.
    @discardableResult
    public func add(_ user: UserID, admin: Bool = false, now: Date = Date()) throws(TokenStoreError) -> String {
        let name = try Self.validName(user)
        let token = TokenRecord.generateToken()
        let added: Bool = state.withLock { state in
            guard state.records[name] == nil else { return false }
            state.records[name] = TokenRecord(user: name, token: token, admin: admin, createdAt: now)
            state.byToken[token] = name
            return true
        }
        guard added else { throw .userExists(name) }
        try save()
        return token
    }

    /// Removes `user`'s token; requests carrying it are refused from now on.
    public func revoke(_ user: UserID) throws(TokenStoreError) {
        let removed: Bool = state.withLock { state in
            guard let record = state.records.removeValue(forKey: user) else { return false }
            state.byToken[record.token] = nil
            return true
        }
        guard removed else { throw .noSuchUser(user) }
        try save()
    }

    private func save() throws(TokenStoreError) {
        guard let fileURL else { return }
        let records = list()
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
        guard (16...256).contains(token.count), token.allSatisfy({ $0.isASCII && !$0.isWhitespace && ($0.asciiValue ?? 0) >= 33 }) else {
            throw .invalidToken
        }
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
