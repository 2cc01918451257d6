import Foundation
import IsomorphiqCore

/// One connected client, as `GET /api/clients` lists it.
struct ClientInfo: Sendable, Encodable {
    var connectionId: String
    var user: String
    var program: String
    var address: String
    var connectedAt: String
    var subscriptions: JSONValue
    var queueDepth: Int
    var transport: String
    /// For a client of another instance on a shared log: that instance's id (absent for this one's).
    var instance: String? = nil
}
