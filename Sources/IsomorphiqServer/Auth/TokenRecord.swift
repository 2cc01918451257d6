public import Foundation
public import IsomorphiqCore

/// One user's bearer token, as kept in `tokens.json`.
public struct TokenRecord: Sendable, Hashable, Codable {
    public var user: UserID
    public var token: String
    public var admin: Bool
    public var createdAt: Date

    public init(user: UserID, token: String, admin: Bool, createdAt: Date) {
        self.user = user
        self.token = token
        self.admin = admin
        self.createdAt = createdAt
    }

    /// The first characters of the token, enough to tell tokens apart in `token list`.
    public var tokenPrefix: String { String(token.prefix(8)) + "…" }

    /// What a token may be: 16–256 printable ASCII characters without spaces.
    public static func isWellFormed(_ token: String) -> Bool {
        (16...256).contains(token.count) && token.allSatisfy { $0.isASCII && !$0.isWhitespace && ($0.asciiValue ?? 0) >= 33 }
    }

    public static let wellFormedRule = "a token must be 16–256 printable characters without spaces"

    /// 32 random bytes, hex: 64 characters.
    public static func generateToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
