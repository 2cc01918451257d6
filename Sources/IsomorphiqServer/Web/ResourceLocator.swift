import Foundation

/// Finds the `Resources` directory (the one holding `web/index.html`) wherever the binary runs:
/// `$ISOMORPHIQ_RESOURCES`; beside the executable (or `../share/isomorphiq-tui`); then walking up
/// from the executable, the working directory and this source file.
enum ResourceLocator {
    static let marker = "web/index.html"

    static func find(environment: [String: String] = ProcessInfo.processInfo.environment, filePath: String = #filePath) -> URL? {
        var candidates: [URL] = []
        if let explicit = environment["ISOMORPHIQ_RESOURCES"] { candidates.append(URL(fileURLWithPath: explicit)) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates += [
            executable.appendingPathComponent("Resources"),
            executable.appendingPathComponent("isomorphiq-tui_isomorphiq-tui.resources/Resources"),
            executable.appendingPathComponent("../share/isomorphiq-tui/Resources").standardized,
        ]
        candidates += ancestors(of: executable) + ancestors(of: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        candidates += ancestors(of: URL(fileURLWithPath: filePath).deletingLastPathComponent())
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(marker).path) }
    }

    /// `dir/Resources`, `dir/../Resources`, … up to the root.
    private static func ancestors(of start: URL) -> [URL] {
        var result: [URL] = []
        var current = start.standardized
        for _ in 0..<12 {
            result.append(current.appendingPathComponent("Resources"))
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        return result
    }
}
