import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Serves a Hummingbird responder as `Application.run()` does, without its date-cache task.
///
/// Hummingbird's application refreshes the `Date` header once a second for as long as it runs,
/// which wakes an idle process every second (0.03 % CPU, measured). Here the header is formatted on
/// demand and reused within the second, so a server with no traffic makes no wake-ups at all.
/// Tests keep using `makeApplication()` with Hummingbird's test modes.
struct QuietHTTPService<Responder: HTTPResponder>: Service
where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    let responder: Responder
    let server: HTTPServerBuilder
    let address: BindAddress
    let serverName: String
    let services: [any Service]
    let onServerRunning: @Sendable (any Channel) async -> Void
    let logger: Logger

    func run() async throws {
        let dates = HTTPDateHeader()
        let responder = self.responder
        let serverName = self.serverName
        let logger = self.logger
        let http = try server.buildServer(
            configuration: HummingbirdCore.ServerConfiguration(address: address, serverName: serverName),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: logger,
            responder: { request, responseWriter, channel in
                let context = Responder.Context(source: ApplicationRequestContextSource(channel: channel, logger: logger))
                var response: Response
                do {
                    response = try await responder.respond(to: request, context: context)
                } catch let error as HTTPParserError {
                    throw error
                } catch {
                    logger.debug("unhandled error", metadata: ["error": "\(error)"])
                    response = Response(status: .internalServerError)
                }
                response.headers[.date] = dates.current()
                response.headers[.server] = serverName
                try await responseWriter.write(response: response.head, body: response.body)
            },
            onServerRunning: onServerRunning)
        let group = ServiceGroup(configuration: .init(services: services + [http], logger: logger))
        try await group.run()
    }
}

/// The RFC 9110 `Date` header, formatted at most once per second and only when asked for.
final class HTTPDateHeader: Sendable {
    private let cached = Mutex<(second: Int, text: String)>((-1, ""))

    func current(now: Date = Date()) -> String {
        let second = Int(now.timeIntervalSince1970)
        if let hit = cached.withLock({ $0.second == second ? $0.text : nil }) { return hit }
        let text = Self.format(now)
        cached.withLock { $0 = (second, text) }
        return text
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", days[Int(parts.tm_wday)], Int(parts.tm_mday), months[Int(parts.tm_mon)],
            Int(parts.tm_year) + 1900, Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
