import IsomorphiqCore

/// Why a token operation failed.
public struct TokenStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case userExists(UserID)
        case noSuchUser(UserID)
        case invalidName(String)
        case invalidToken
        case io(String)
        case unreadable(String)
    }

    private let kind: Kind

    static func userExists(_ user: UserID) -> Self { .init(kind: .userExists(user)) }
    static func noSuchUser(_ user: UserID) -> Self { .init(kind: .noSuchUser(user)) }
    static func invalidName(_ name: String) -> Self { .init(kind: .invalidName(name)) }
    static let invalidToken = Self(kind: .invalidToken)
    static func io(_ message: String) -> Self { .init(kind: .io(message)) }
    static func unreadable(_ message: String) -> Self { .init(kind: .unreadable(message)) }

    public var description: String {
        switch kind {
        case .userExists(let user): "\(user) has a token already (revoke it first)"
        case .noSuchUser(let user): "\(user) has no token"
        case .invalidName(let name): "'\(name)' is not a user name (1–64 characters, no spaces)"
        case .invalidToken: TokenRecord.wellFormedRule
        case .io(let message): "cannot save the tokens: \(message)"
        case .unreadable(let message): "cannot read the tokens: \(message)"
        }
    }
}
