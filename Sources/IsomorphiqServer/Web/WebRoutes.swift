import Foundation
import Hummingbird

/// `GET /`: the web page, read from `Resources/web/index.html` at start (no build step, nothing
/// fetched from elsewhere). Open without a token (`AuthMiddleware.openPaths`): the page holds no
/// data, takes its token from `?token=` or asks for one, and every call it makes needs it.
struct WebRoutes {
    let page: ByteBuffer?

    /// The page names the WebSocket's path in `<meta name="isomorphiq-ws" content="/ws">`;
    /// another `webSocketPath` is written into that tag.
    init(resources: URL?, webSocketPath: String = "/ws") {
        page = resources.flatMap { try? Data(contentsOf: $0.appendingPathComponent(ResourceLocator.marker)) }.map { data in
            let tag = #"<meta name="isomorphiq-ws" content="/ws">"#
            guard webSocketPath != "/ws", let text = String(data: data, encoding: .utf8), text.contains(tag) else { return ByteBuffer(bytes: data) }
            return ByteBuffer(string: text.replacingOccurrences(of: tag, with: #"<meta name="isomorphiq-ws" content=""# + webSocketPath + #"">"#))
        }
    }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/") { _, _ in
            guard let page else { throw APIError.notFound("the web page is not installed (Resources/web/index.html was not found; set ISOMORPHIQ_RESOURCES)") }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                    .contentSecurityPolicy: "default-src 'self'; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
                ],
                body: .init(byteBuffer: page))
        }
    }
}
