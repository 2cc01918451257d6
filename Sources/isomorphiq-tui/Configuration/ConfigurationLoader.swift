import Configuration
import Foundation
import IsomorphiqCore
import IsomorphiqServer
import SystemPackage

/// Reads `Settings` from, in increasing precedence, the defaults, a JSON file, `ISOMORPHIQ_*`
/// environment variables and flags, and remembers where each value came from.
struct ConfigurationLoader {
    /// Why start-up cannot go on: a key and the reason, or an unreadable file.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Where one effective value came from.
    struct Origin: Sendable {
        var key: SettingKey
        var source: String
        var display: String
    }

    var flags: [String: ConfigContent]
    var configFile: String?
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The settings, and the origin of every key.
    func load() async throws -> (Settings, [Origin]) {
        var providers: [(String, any ConfigProvider)] = []
        providers.append(("flag", InMemoryProvider(name: "flags", values: Dictionary(uniqueKeysWithValues: flags.map {
            (AbsoluteConfigKey(stringLiteral: $0.key), ConfigValue($0.value, isSecret: $0.key == "user.token"))
        }))))
        var stripped: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix("ISOMORPHIQ_") {
            stripped[String(name.dropFirst("ISOMORPHIQ_".count))] = value
        }
        if let token = environment["ISOMORPHIQ_TOKEN"] { stripped["USER_TOKEN"] = token }
        providers.append(("environment", EnvironmentVariablesProvider(environmentVariables: stripped)))
        let path = configFile ?? Settings.defaultConfigFile(environment: environment)
        let readsFile = configFile != nil || FileManager.default.fileExists(atPath: path)
        if readsFile {
            guard FileManager.default.fileExists(atPath: path) else { throw Failure(description: "configuration file \(path) does not exist") }
            do {
                providers.append(("file \(path)", try await FileProvider<JSONSnapshot>(filePath: FilePath(path))))
            } catch {
                throw Failure(description: "configuration file \(path) is not valid JSON configuration: \(error)")
            }
        }

        var settings = Settings()
        settings.dataDir = Settings.defaultDataDirectory(environment: environment)
        var origins: [Origin] = []
        for key in SettingKey.all {
            var source = "default"
            for (name, provider) in providers {
                let result: LookupResult
                do {
                    result = try provider.value(forKey: AbsoluteConfigKey(stringLiteral: key.key), type: key.configType)
                } catch {
                    throw Failure(description: "invalid value for \(key.key) (\(name)): expected \(key.configType.rawValue)")
                }
                guard let value = result.value else { continue }
                try Self.apply(value.content, to: &settings, key: key, from: name)
                source = name
                break
            }
            origins.append(Origin(key: key, source: source, display: Self.display(settings, key)))
        }
        if readsFile {
            (settings.keyMap, settings.theme) = try TUIConfiguration.read(file: path)
        }
        if !ServerConfiguration.isValidWebSocketPath(settings.path) {
            throw Failure(description: "invalid value for websocket.path (--ws-path): '\(settings.path)' must be a path of its own like /ws or /live/socket (not /, /api…, /health, /metrics)")
        }
        // Refused here, so that every command refuses it alike (the UI would otherwise start with its server off).
        if let token = settings.token, !TokenRecord.isWellFormed(token) {
            throw Failure(description: "invalid value for user.token (--token or ISOMORPHIQ_TOKEN): \(TokenRecord.wellFormedRule)")
        }
        return (settings, origins)
    }

    private static func apply(_ content: ConfigContent, to settings: inout Settings, key: SettingKey, from source: String) throws {
        func fail(_ reason: String) -> Failure { Failure(description: "invalid value for \(key.key) (\(source)): \(reason)") }
        switch (key.value, content) {
        case (.int(let path, let range), .int(let value)):
            guard range.contains(value) else { throw fail("\(value) is outside \(range.lowerBound)...\(range.upperBound)") }
            settings[keyPath: path] = value
        case (.double(let path, let range), .double(let value)):
            guard range.contains(value) else { throw fail("\(value) is outside \(range.lowerBound)...\(range.upperBound)") }
            settings[keyPath: path] = value
        case (.double(let path, let range), .int(let value)):
            guard range.contains(Double(value)) else { throw fail("\(value) is outside \(range.lowerBound)...\(range.upperBound)") }
            settings[keyPath: path] = Double(value)
        case (.bool(let path), .bool(let value)):
            settings[keyPath: path] = value
        case (.string(let path, let allowed), .string(let value)):
            if let allowed, !allowed.contains(value) { throw fail("'\(value)' is not one of \(allowed.joined(separator: ", "))") }
            guard !value.isEmpty else { throw fail("it is empty") }
            settings[keyPath: path] = value
        case (.optionalString(let path), .string(let value)):
            settings[keyPath: path] = value.isEmpty ? nil : value
        case (.strings(let path), .stringArray(let values)):
            settings[keyPath: path] = values
        case (.strings(let path), .string(let value)):
            settings[keyPath: path] = value.split(separator: ",").map(String.init)
        case (.preset, .string(let value)):
            guard let preset = MiddlewarePreset(rawValue: value) else {
                throw fail("'\(value)' is not one of \(MiddlewarePreset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            settings.middlewarePreset = preset
        default:
            throw fail("expected \(key.configType.rawValue)")
        }
    }

    private static func display(_ settings: Settings, _ key: SettingKey) -> String {
        if key.isSecret { return settings.token == nil ? "(none)" : "(set, hidden)" }
        switch key.value {
        case .int(let path, _): return String(settings[keyPath: path])
        case .double(let path, _): return String(settings[keyPath: path])
        case .bool(let path): return String(settings[keyPath: path])
        case .string(let path, _): return settings[keyPath: path]
        case .optionalString(let path): return settings[keyPath: path] ?? "(none)"
        case .strings(let path): return settings[keyPath: path].joined(separator: ",")
        case .preset: return settings.middlewarePreset.rawValue
        }
    }
}
