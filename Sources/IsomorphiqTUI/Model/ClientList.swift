public import IsomorphiqCore
import Foundation

/// The remote clients connected to the server, as `client_connected` / `client_disconnected`
/// events report them, oldest connection first.
public struct ClientList: Sendable, Hashable {
    public private(set) var clients: [ClientPresence] = []

    public init() {}

    public var count: Int { clients.count }

    /// Replaces the list with what the server reports now.
    public mutating func replace(with presences: [ClientPresence]) {
        clients = presences.sorted { ($0.at, $0.connectionId) < ($1.at, $1.connectionId) }
    }

    public mutating func apply(_ event: Event) {
        switch event.payload {
        case .clientConnected(let presence):
            clients.removeAll { $0.connectionId == presence.connectionId }
            clients.append(presence)
            clients.sort { ($0.at, $0.connectionId) < ($1.at, $1.connectionId) }
        case .clientDisconnected(let presence):
            clients.removeAll { $0.connectionId == presence.connectionId }
        case .systemShutdown:
            clients.removeAll()
        default:
            break
        }
    }
}
