import Foundation
import IsomorphiqCore
import IsomorphiqServer
import Logging
import ServiceLifecycle

/// A bus over an in-memory store with two users, `alice` (admin) and `bob`, and a server on it
/// that can be stopped and started again on the same port, as a host restarting would be.
final class LiveServer: Sendable {
    static let aliceToken = "alice-token-0123456789abcdef"
    static let bobToken = "bob-token-0123456789abcdef00"

    let store: InMemoryEventStore
    let bus: EventBus
    let service: TaskService
    let tokens: TokenStore

    init(storeCapacity: Int = 10_000) {
        store = InMemoryEventStore(capacity: storeCapacity)
        bus = EventBus(store: store)
        tokens = TokenStore.inMemory([
            TokenRecord(user: "alice", token: Self.aliceToken, admin: true, createdAt: Date()),
            TokenRecord(user: "bob", token: Self.bobToken, admin: false, createdAt: Date()),
        ])
        service = TaskService(bus: bus, decider: TaskDecider(policy: PermissionPolicy(admins: tokens.admins)))
    }

    /// One running server; `stop()` shuts it down gracefully (clients see the close).
    struct Running: Sendable {
        let port: Int
        let group: ServiceGroup
        let task: Task<Void, any Error>

        var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

        func stop() async {
            await group.triggerGracefulShutdown()
            _ = try? await task.value
        }
    }

    /// Starts a server on `port` (0: a free one) and waits until it listens.
    func start(port: Int = 0) async throws -> Running {
        var logger = Logger(label: "test.server")
        logger.logLevel = .critical
        let configuration = ServerConfiguration(port: port, tcpPort: nil, drainTimeout: .milliseconds(500))
        let server = try IsomorphiqServer(bus: bus, service: service, tokens: tokens, configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: logger))
        let task = Task { try await group.run() }
        let ports = try await server.ready()
        return Running(port: ports.http, group: group, task: task)
    }

    @discardableResult
    func create(_ title: String, as user: String = "alice") async throws -> TaskItem {
        try await service.handle(TaskCommand(.create(NewTask(title: title))), as: EventContext(userId: user, source: "test"))!.payload.task!
    }
}
