// The server alone, over an in-memory store, for the fan-out benchmark.
// Usage: BenchServer [queue-size]. Prints "port=N pid=P" once listening; SIGTERM stops it.
import Foundation
import IsomorphiqCore
import IsomorphiqServer
import Logging
import ServiceLifecycle

let queue = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1024 : 1024
var logger = Logger(label: "bench-server")
logger.logLevel = .warning
let store = InMemoryEventStore(capacity: 1_000_000)
let bus = EventBus(configuration: EventBusConfiguration(enableMetrics: false), store: store, logger: logger)
let tokens = TokenStore.inMemory()
try tokens.ensureLocalUser("bench", token: "bench-token-0123456789")
let service = TaskService(bus: bus, decider: TaskDecider(policy: PermissionPolicy(admins: ["bench"])))
let server = try IsomorphiqServer(
    bus: bus, service: service, tokens: tokens,
    configuration: ServerConfiguration(port: 0, tcpPort: nil, maxConnections: 20_000, webSocketQueueSize: queue), logger: logger)
let group = ServiceGroup(configuration: .init(services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
try await withThrowingTaskGroup(of: Void.self) { tasks in
    tasks.addTask { try await group.run() }
    tasks.addTask {
        let ports = try await server.ready()
        FileHandle.standardOutput.write(Data("port=\(ports.http) pid=\(getpid())\n".utf8))
    }
    try await tasks.waitForAll()
}
