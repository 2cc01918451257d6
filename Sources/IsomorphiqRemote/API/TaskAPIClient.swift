public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import IsomorphiqCore

/// A typed client of one instance's REST API (`docs/PROTOCOL.md`). Every method throws
/// `TaskAPIError`: the server's refusal by kind, or `.unavailable` when it cannot be reached.
/// Thread-safe; the remote UI and the `task` CLI share it.
public struct TaskAPIClient: Sendable {
    /// `http://host:port`, without a path.
    public let baseURL: URL
    public let token: String?
    /// The server's WebSocket path (its `--ws-path`).
    public var webSocketPath = "/ws"
    let session: URLSession

    /// - Parameter timeout: for each request; a server that does not answer in time is unavailable.
    public init(baseURL: URL, token: String?, timeout: TimeInterval = 10) {
        self.baseURL = baseURL
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = 4
        self.session = URLSession(configuration: configuration)
    }

    /// The whole board and the seq it reflects, read page by page. Pages are read again when the
    /// board moved between them, so that the result is one consistent board.
    public func board() async throws(TaskAPIError) -> TaskBoard {
        for _ in 0..<5 {
            var tasks: [TaskItem] = []
            var cursor: String?
            var seqs: Set<Int64> = []
            repeat {
                var query = [URLQueryItem(name: "limit", value: "1000")]
                if let cursor { query.append(URLQueryItem(name: "cursor", value: cursor)) }
                let page: TaskPage = try await get("/api/tasks", query: query)
                tasks += page.tasks
                seqs.insert(page.seq)
                cursor = page.nextCursor
            } while cursor != nil
            if seqs.count == 1, let seq = seqs.first { return TaskBoard(tasks: tasks, lastSeq: seq) }
        }
        throw TaskAPIError(.unavailable, "the board kept changing while it was read; try again")
    }

    /// One task as the server has it now.
    public func task(_ id: TaskID) async throws(TaskAPIError) -> TaskItem {
        let envelope: TaskEnvelope = try await get("/api/tasks/\(id.wire)")
        return envelope.task
    }

    /// Runs `commands` as one atomic batch and returns their events.
    public func send(_ commands: [TaskCommand]) async throws(TaskAPIError) -> [Event] {
        guard !commands.isEmpty else { return [] }
        let body: Data
        do { body = try JSONEncoder().encode(BatchOperation.body(commands)) } catch {
            throw TaskAPIError(.validation, "cannot encode the commands: \(error)")
        }
        let result: EventPage = try await request("POST", "/api/tasks/batch", body: body)
        return result.events
    }

    /// Every stored event about a task, oldest first.
    public func history(of id: TaskID) async throws(TaskAPIError) -> [Event] {
        var events: [Event] = []
        var after: Int64?
        repeat {
            var query = [URLQueryItem(name: "limit", value: "1000")]
            if let after { query.append(URLQueryItem(name: "after", value: String(after))) }
            let page: EventPage = try await get("/api/tasks/\(id.wire)/events", query: query)
            events += page.events
            after = page.nextAfter
        } while after != nil
        return events
    }

    /// Stored events after `after`, at most `limit`, and the newest seq of the log.
    public func events(after: Int64, limit: Int = 1000) async throws(TaskAPIError) -> (events: [Event], seq: Int64) {
        let page: EventPage = try await get("/api/events", query: [URLQueryItem(name: "after", value: String(after)), URLQueryItem(name: "limit", value: String(limit))])
        return (page.events, page.seq ?? after)
    }

    /// Everyone connected to the server's WebSocket now.
    public func clients() async throws(TaskAPIError) -> [ClientPresence] {
        let list: ClientPage = try await get("/api/clients")
        return list.clients.map {
            ClientPresence(connectionId: $0.connectionId, user: $0.user, program: $0.program, address: $0.address, at: Timestamp.parse($0.connectedAt) ?? Date())
        }
    }

    /// The WebSocket URL (`ws://host:port/ws`, or `webSocketPath`) with `query`.
    public func webSocketURL(query: [URLQueryItem]) -> String {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.scheme = baseURL.scheme == "https" ? "wss" : "ws"
        components.path = webSocketPath
        components.queryItems = query.isEmpty ? nil : query
        return components.string ?? "ws://127.0.0.1/ws"
    }

    // MARK: Transport

    func get<T: Decodable>(_ path: String, query: [URLQueryItem] = []) async throws(TaskAPIError) -> T {
        try await request("GET", path, query: query)
    }

    func request<T: Decodable>(_ method: String, _ path: String, query: [URLQueryItem] = [], body: Data? = nil) async throws(TaskAPIError) -> T {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.path = path
        components.queryItems = query.isEmpty ? nil : query
        guard let url = components.url else { throw TaskAPIError(.validation, "not a URL: \(baseURL)\(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do { (data, response) = try await session.data(for: request) } catch {
            throw TaskAPIError(.unavailable, "cannot reach \(baseURL.absoluteString): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else { throw TaskAPIError(.badResponse, "not an HTTP response from \(baseURL.absoluteString)") }
        guard (200..<300).contains(http.statusCode) else { throw TaskAPIError.from(status: http.statusCode, body: data) }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw TaskAPIError(.badResponse, "unexpected answer to \(method) \(path): \(error)", status: http.statusCode)
        }
    }
}

struct TaskPage: Decodable {
    var seq: Int64
    var tasks: [TaskItem]
    var nextCursor: String?
}

struct TaskEnvelope: Decodable {
    var seq: Int64
    var task: TaskItem
}

struct EventPage: Decodable {
    var seq: Int64?
    var events: [Event]
    var nextAfter: Int64?
}

struct ClientPage: Decodable {
    struct Client: Decodable {
        var connectionId: String
        var user: String
        var program: String
        var address: String
        var connectedAt: String
    }
    var clients: [Client]
}
