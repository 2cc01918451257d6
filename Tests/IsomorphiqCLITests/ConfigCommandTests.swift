import Foundation
import Testing

@Suite("isomorphiq-tui config")
struct ConfigCommandTests {
    static func line(_ output: Binary.Output, _ key: String) -> String? {
        output.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix(key + " ") }
    }

    @Test func defaultsAreReportedAsDefaults() throws {
        let output = try Binary.run(["config"])
        #expect(output.status == 0)
        #expect(Self.line(output, "websocket.port")?.contains("3002  [default") == true)
        #expect(Self.line(output, "bus.maxListeners")?.contains("1000  [default") == true)
        #expect(Self.line(output, "user.name")?.contains("tester") == true)
    }

    @Test func flagBeatsEnvironmentBeatsFile() throws {
        let dir = try Binary.temporaryDirectory()
        let file = dir.appendingPathComponent("config.json")
        try #"{"websocket": {"port": 4001, "heartbeatInterval": 12}, "bus": {"maxListeners": 7}, "store": {"kind": "memory"}}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let output = try Binary.run(
            ["config", "--config", file.path, "--port", "4003"],
            environment: ["ISOMORPHIQ_WEBSOCKET_PORT": "4002", "ISOMORPHIQ_BUS_MAX_LISTENERS": "9"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(Self.line(output, "websocket.port")?.contains("4003  [flag") == true)
        #expect(Self.line(output, "bus.maxListeners")?.contains("9  [environment") == true)
        #expect(Self.line(output, "websocket.heartbeatInterval")?.contains("12.0  [file") == true)
        #expect(Self.line(output, "store.kind")?.contains("memory  [file") == true)
    }

    @Test func defaultConfigFileIsReadFromXDGConfigHome() throws {
        let dir = try Binary.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("isomorphiq"), withIntermediateDirectories: true)
        try #"{"tcp": {"port": 0}}"#.write(to: dir.appendingPathComponent("isomorphiq/config.json"), atomically: true, encoding: .utf8)
        let output = try Binary.run(["config"], environment: ["XDG_CONFIG_HOME": dir.path])
        #expect(Self.line(output, "tcp.port")?.contains("0  [file") == true)
    }

    @Test(arguments: [
        (["config", "--port", "70000"], [String: String](), "websocket.port"),
        (["config"], ["ISOMORPHIQ_WEBSOCKET_PORT": "not-a-port"], "websocket.port"),
        (["config", "--store", "mongodb"], [:], "store.kind"),
        (["config", "--middleware", "turbo"], [:], "bus.middleware"),
        (["config", "--config", "/nonexistent/config.json"], [:], "does not exist"),
    ])
    func invalidValuesStopWithTheKeyAndReason(arguments: [String], environment: [String: String], mention: String) throws {
        let output = try Binary.run(arguments, environment: environment)
        #expect(output.status != 0)
        #expect(output.stderr.contains(mention), "\(output.stderr)")
    }

    @Test func tokenIsNeverPrinted() throws {
        let output = try Binary.run(["config", "--token", "sekrit-value-0123456789"])
        #expect(!output.stdout.contains("sekrit-value-0123456789"))
        #expect(Self.line(output, "user.token")?.contains("(set, hidden)  [flag") == true)
    }

    @Test("a bad key binding or colour in the file stops every command, naming it", arguments: [
        (#"{"tui": {"keys": {"undoo": ["u"]}}}"#, "tui.keys.undoo: no such action"),
        (#"{"tui": {"keys": {"quit": ["j"]}}}"#, "tui.keys.quit: 'j' is already the key of moveDown"),
        (#"{"tui": {"keys": {"undo": 5}}}"#, "tui.keys.undo must be a key or a list of keys"),
        (#"{"tui": {"colors": {"focus": "purple"}}}"#, "tui.colors.focus: 'purple' is not a colour"),
        (#"{"tui": {"colours": {}}}"#, "tui.colours: unknown"),
    ])
    func badBindingsStopStartUp(file json: String, mention: String) throws {
        let dir = try Binary.temporaryDirectory()
        let file = dir.appendingPathComponent("config.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        for command in [["config"], ["run", "--no-server", "--data-dir", dir.path]] {
            let output = try Binary.run(command + ["--config", file.path], home: dir)
            #expect(output.status != 0, "\(command) started with \(json)")
            #expect(output.stderr.contains(mention), "\(command): \(output.stderr)")
        }
    }
}
