import Foundation
import ArgumentParser

/// `isomorphiq-tui config`: the effective configuration and where each value came from.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration and where each value came from.",
        discussion: "Precedence, lowest first: defaults, the JSON file, ISOMORPHIQ_* environment variables, flags.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (_, origins) = try await options.loadSettings()
        let width = origins.map(\.key.key.count).max() ?? 0
        for origin in origins {
            let key = origin.key.key.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(key)  \(origin.display)  [\(origin.source); env \(origin.key.environmentName), flag \(origin.key.flag)]")
        }
    }
}

extension GlobalOptions {
    /// Loads settings; an invalid value ends the command with the key and the reason
    /// (`ConfigurationLoader.Failure`, printed by ArgumentParser as `Error: …`, exit status 1).
    func loadSettings() async throws -> (Settings, [ConfigurationLoader.Origin]) {
        try await ConfigurationLoader(flags: flagValues, configFile: configFile).load()
    }
}
