import Logging
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// On a listening channel: when accepting fails for lack of file descriptors or memory, stop
/// accepting for `pause`, then try again, instead of retrying at once.
///
/// Linux leaves a connection it could not hand over in the backlog, so the socket stays
/// readable; NIO keeps its read pending after a failed accept and its `AcceptBackoffHandler`
/// never gets the chance to delay, so the event loop spins on `accept` (one core, measured).
/// Turning `autoRead` off drops the listening socket's read interest until the pause is over.
/// Connections already open are served meanwhile; new ones wait in the backlog. The first
/// failure of an episode is logged as a warning, its end as a notice. Event-loop bound.
final class AcceptPressureHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    /// How long accepting stops after a failure.
    static let pause = TimeAmount.milliseconds(250)
    private static let exhaustion: Set<Int32> = [EMFILE, ENFILE, ENOBUFS, ENOMEM]

    private let logger: Logger
    private var failures = 0
    private var paused = false

    init(logger: Logger) {
        self.logger = logger
    }

    /// Puts one in front of `channel`'s pipeline; a closed channel is left alone.
    static func install(on channel: any Channel, logger: Logger) async {
        try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(AcceptPressureHandler(logger: logger), position: .first)
        }.get()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if failures > 0 {
            logger.notice("accepting connections again", metadata: ["failedAccepts": "\(failures)"])
            failures = 0
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let io = error as? IOError, Self.exhaustion.contains(io.errnoCode) else { return context.fireErrorCaught(error) }
        failures += 1
        if failures == 1 {
            logger.warning("cannot accept connections: \(io); pausing accept", metadata: ["pauseMs": "\(Self.pause.nanoseconds / 1_000_000)"])
        }
        guard !paused, let options = context.channel.syncOptions else { return context.fireErrorCaught(error) }
        paused = true
        try? options.setOption(ChannelOptions.autoRead, value: false)
        let channel = context.channel
        context.eventLoop.assumeIsolated().scheduleTask(in: Self.pause) {
            self.paused = false
            guard channel.isActive else { return }
            try? channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
        }
        context.fireErrorCaught(error)
    }
}
