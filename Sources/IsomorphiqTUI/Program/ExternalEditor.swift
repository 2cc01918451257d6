import Foundation
import IsomorphiqCore

/// Edits a text in the user's editor: `$VISUAL`, else `$EDITOR`, else `vi`, run by `/bin/sh`
/// (so `EDITOR="code --wait"` works) on a private temporary file, with the terminal's own
/// stdin and stdout. Blocks until the editor exits; the caller has left curses mode.
enum ExternalEditor {
    /// The most read back: a description's limit in bytes, four times over for wide UTF-8.
    static let readLimit = TaskFieldRules.descriptionLimit * 4

    static func edit(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<String, ExternalEditError> {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "vi"
        var template = Array((NSTemporaryDirectory() + "/isomorphiq-description-XXXXXX.txt").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard descriptor >= 0 else { return .failure(ExternalEditError("cannot create a temporary file for the editor (errno \(errno))")) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let written = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            // Lines end in a line break, as editors keep them; the form drops the last one again.
            try written.write(contentsOf: Data((text.isEmpty || text.hasSuffix("\n") ? text : text + "\n").utf8))
            try written.close()
        } catch {
            return .failure(ExternalEditError("cannot write the temporary file for the editor: \(error)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", editor + " \"$1\"", "sh", path]
        do {
            try process.run()
        } catch {
            return .failure(ExternalEditError("cannot start the editor '\(editor)': \(error)"))
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(ExternalEditError("the editor '\(editor)' exited with status \(process.terminationStatus); the description is as it was"))
        }
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.read(upToCount: readLimit + 1) ?? Data() else {
            return .failure(ExternalEditError("cannot read back what the editor saved"))
        }
        try? handle.close()
        guard data.count <= readLimit else {
            return .failure(ExternalEditError("the edited text is over \(readLimit) bytes; the description is as it was"))
        }
        return .success(String(decoding: data, as: UTF8.self))
    }
}
