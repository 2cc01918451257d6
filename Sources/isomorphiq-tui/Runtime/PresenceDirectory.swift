import IsomorphiqCore
import IsomorphiqPostgres
import IsomorphiqServer

/// The server's view of the other instances' clients, read from the shared database.
struct PresenceDirectory: ClientsElsewhere {
    let presence: PostgresPresence

    func clients() async -> [(instance: String, presence: ClientPresence)] {
        await presence.clients()
    }
}
