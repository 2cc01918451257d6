import Foundation
public import PostgresNIO

/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, or a Unix socket directory given libpq's way:
/// `postgres://USER@/DATABASE?host=/run/postgresql` (the socket is `DIR/.s.PGSQL.PORT`, port 5432
/// unless `?port=` or the authority says otherwise). `sslmode=require` asks for TLS; anything else
/// connects in plain text (loopback and private networks).
public struct PostgresURL: Sendable, CustomStringConvertible {
    public let configuration: PostgresClient.Configuration
    /// The URL without its password, for messages and logs.
    public let description: String

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public init(_ text: String) throws(Invalid) {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw Invalid(description: "'\(Self.redacted(text))' is not a postgres:// URL (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE)")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        guard let user = components.user.flatMap({ $0.removingPercentEncoding }) ?? query["user"], !user.isEmpty else {
            throw Invalid(description: "the database URL names no user (postgres://USER@HOST/DATABASE)")
        }
        let password = components.password?.removingPercentEncoding ?? query["password"]
        let database = components.path.split(separator: "/").first.map(String.init) ?? query["dbname"] ?? user
        let port = components.port ?? query["port"].map({ Int($0) ?? -1 }) ?? 5432
        guard (1...65_535).contains(port) else {
            throw Invalid(description: "the database URL's port is not a port number")
        }
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 }
        if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else if let host {
            let tls: PostgresClient.Configuration.TLS = query["sslmode"] == "require" ? .require(.clientDefault) : .disable
            configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        } else {
            throw Invalid(description: "the database URL names no host (postgres://USER@HOST/DATABASE, or ?host=/socket/dir)")
        }
        description = Self.redacted(text)
    }

    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}
