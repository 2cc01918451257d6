import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqPostgres
import IsomorphiqServer

/// `isomorphiq-tui token …`: who may use the API, WebSocket and TCP commands of this instance.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage API tokens (kept in the data directory, mode 0600).",
        subcommands: [Show.self, Add.self, List.self, Revoke.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the local user's token (created on first use).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let (settings, _) = try await options.loadSettings()
            if settings.store == "postgres" {
                try await SharedTokens.with(settings) { shared in
                if let mine = try await shared.all().first(where: { $0.user == settings.user }) {
                    print(mine.token)
                } else {
                    let token = settings.token ?? TokenRecord.generateToken()
                    try await shared.put(.init(user: settings.user, token: token, admin: true, createdAt: Date()))
                    print(token)
                }
                }
                return
            }
            print(try ServerLauncher.tokens(settings).1)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give NAME a new token and print it.")
        @Argument(help: "The user name.") var name: String
        @Flag(help: "Make the user an admin of this instance.") var admin = false
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let (settings, _) = try await options.loadSettings()
            if settings.store == "postgres" {
                try await SharedTokens.with(settings) { shared in
                let token = TokenRecord.generateToken()
                guard try await shared.add(.init(user: try TaskFieldRules.user(name, field: "user"), token: token, admin: admin, createdAt: Date())) else {
                    throw RuntimeError("\(name) has a token already (revoke it first)")
                }
                print(token)
                }
                return
            }
            let tokens = try ServerLauncher.openTokens(settings)
            print(try tokens.add(name, admin: admin))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users that have tokens (tokens are not shown).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let (settings, _) = try await options.loadSettings()
            if settings.store == "postgres" {
                try await SharedTokens.with(settings) { shared in
                for record in try await shared.all() {
                    print("\(record.user)\(record.admin ? "  admin" : "")  since \(record.createdAt)")
                }
                }
                return
            }
            let tokens = try ServerLauncher.openTokens(settings)
            for record in tokens.list() {
                print("\(record.user)\(record.admin ? "  admin" : "")  since \(record.createdAt)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove NAME's token; a running server refuses it at once and closes its sockets.")
        @Argument(help: "The user name.") var name: String
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let (settings, _) = try await options.loadSettings()
            if settings.store == "postgres" {
                try await SharedTokens.with(settings) { shared in
                guard try await shared.remove(name) else { throw RuntimeError("\(name) has no token") }
                print("revoked \(name)")
                }
                return
            }
            let tokens = try ServerLauncher.openTokens(settings)
            try tokens.revoke(name)
            print("revoked \(name)")
        }
    }
}
