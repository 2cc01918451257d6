import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The TCP listener's child channel: each connection becomes an async channel of byte buffers
/// handled by a `TCPSession`. Used with Hummingbird's `Server`, which brings binding, graceful
/// shutdown and the `Service` conformance.
struct TCPCommandChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let asyncChannel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        var channel: any Channel { asyncChannel.channel }
    }

    let components: ServerComponents

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            Value(asyncChannel: try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true)))
        }
    }

    func handle(value: Value, logger: Logger) async {
        let channel = value.channel
        await withGracefulShutdownHandler {
            await TCPSession(components: components, logger: logger).run(value.asyncChannel)
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
    }
}

extension IsomorphiqServer {
    /// The TCP command listener, unless disabled (`tcpPort` nil).
    func makeTCPServer() -> (any Service)? {
        guard let port = configuration.tcpPort else { return nil }
        let server = Server(
            childChannelSetup: TCPCommandChannel(components: components),
            configuration: HummingbirdCore.ServerConfiguration(address: .hostname(configuration.host, port: port)),
            onServerRunning: { [self] channel in
                await AcceptPressureHandler.install(on: channel, logger: components.logger)
                tcpBound(channel.localAddress?.port ?? port)
            },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: components.logger)
        return TCPListener(server: server, port: port)
    }
}

/// The TCP server, with a failure to bind said to be the TCP port's (`TCPBindFailure`), not the HTTP port's.
struct TCPListener: Service {
    let server: any Service
    let port: Int

    func run() async throws {
        do { try await server.run() } catch let error as CancellationError { throw error } catch { throw TCPBindFailure(port: port, underlying: error) }
    }
}

/// The TCP listener stopped with `underlying` (in practice: it could not bind `port`).
struct TCPBindFailure: Error, CustomStringConvertible {
    let port: Int
    let underlying: any Error
    var description: String { "TCP port \(port): \(underlying)" }
}
