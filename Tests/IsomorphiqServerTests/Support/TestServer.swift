import Foundation
import HummingbirdTesting
import IsomorphiqCore
@testable import IsomorphiqServer
import Logging
import ServiceLifecycle

/// A server over an in-memory store with two users: `alice` (admin) and `bob`.
struct TestServer {
    static let aliceToken = "alice-token-0123456789abcdef"
    static let bobToken = "bob-token-0123456789abcdef00"

    let store: InMemoryEventStore
    let bus: EventBus
    let service: TaskService
    let tokens: TokenStore
    let server: IsomorphiqServer

    /// Alice and bob; in memory, or in `tokens.json` under `tokenDirectory` (as a running server keeps them).
    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }, storeCapacity: Int = 10_000, tokenDirectory: URL? = nil) throws {
        store = InMemoryEventStore(capacity: storeCapacity)
        bus = EventBus(store: store)
        if let tokenDirectory {
            tokens = try TokenStore.open(directory: tokenDirectory)
            try tokens.ensureLocalUser("alice", token: Self.aliceToken)
            try tokens.ensureLocalUser("bob", token: Self.bobToken)
        } else {
            tokens = TokenStore.inMemory([
                TokenRecord(user: "alice", token: Self.aliceToken, admin: true, createdAt: Date()),
                TokenRecord(user: "bob", token: Self.bobToken, admin: false, createdAt: Date()),
            ])
        }
        service = TaskService(bus: bus, decider: TaskDecider(policy: PermissionPolicy(admins: tokens.admins)))
        var configuration = ServerConfiguration(port: 0, tcpPort: nil, drainTimeout: .seconds(2))
        configure(&configuration)
        var logger = Logger(label: "test.server")
        logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        server = try IsomorphiqServer(bus: bus, service: service, tokens: tokens, configuration: configuration, logger: logger)
    }

    /// Creates a task as `user` directly through the service.
    @discardableResult
    func createTask(_ title: String, as user: String = "alice", priority: TaskPriority = .medium) async throws -> TaskItem {
        let event = try await service.handle(TaskCommand(.create(NewTask(title: title, priority: priority))), as: EventContext(userId: user, source: "test"))
        return event!.payload.task!
    }

    /// Runs the whole server (HTTP, WebSocket, TCP) on free ports for `body`, then shuts it down gracefully.
    func live<T: Sendable>(_ body: @Sendable (BoundPorts) async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: Logger(label: "test.group")))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            let ports = try await server.ready()
            let result: Result<T, any Error>
            do { result = .success(try await body(ports)) } catch { result = .failure(error) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}
