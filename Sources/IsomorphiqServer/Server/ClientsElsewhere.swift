public import IsomorphiqCore

/// The clients of the other instances on a shared log, for `GET /api/clients` (cluster-wide
/// presence, docs/SCALING.md). Set `ServerConfiguration.clientsElsewhere`; a single instance has none.
public protocol ClientsElsewhere: Sendable {
    /// Each live client of another instance, with that instance's id.
    func clients() async -> [(instance: String, presence: ClientPresence)]
}
