public import IsomorphiqCore

/// The user a bearer token belongs to. Changes are recorded as `name`; permissions apply to it.
public struct AuthenticatedUser: Sendable, Hashable, Codable {
    public var name: UserID
    public var admin: Bool

    public init(name: UserID, admin: Bool) {
        self.name = name
        self.admin = admin
    }
}
