import ArgumentParser
import IsomorphiqCore
import IsomorphiqRemote

/// The exit status of the `task` commands, one per kind of failure, so that scripts can tell a
/// typo from a conflict from a server that is down. Only the CLI maps errors to exit codes.
enum CLIExitCode: Int32, CaseIterable {
    case success = 0
    case failure = 1
    case validation = 3
    case notFound = 4
    case forbidden = 5
    case conflict = 6
    case unavailable = 7
    case rejected = 8

    var meaning: String {
        switch self {
        case .success: "success"
        case .failure: "any other failure"
        case .validation: "validation: a bad value, a refused transition, an ambiguous id prefix"
        case .notFound: "not found: no task with that id or prefix"
        case .forbidden: "forbidden: the user may not do this, or the token is missing or wrong"
        case .conflict: "conflict: the task changed since it was read (expected version)"
        case .unavailable: "unavailable: the server cannot be reached, the data directory is in use, or the store failed"
        case .rejected: "rejected: a middleware refused the change (rate limit, filter)"
        }
    }

    /// The table for `--help` (usage errors exit with 64, as ArgumentParser does).
    static var helpTable: String {
        allCases.map { "  \($0.rawValue)  \($0.meaning)" }.joined(separator: "\n") + "\n  64 usage: unknown option, missing argument"
    }

    init(_ code: TaskServiceError.Code) {
        switch code {
        case .validation: self = .validation
        case .notFound: self = .notFound
        case .forbidden: self = .forbidden
        case .conflict: self = .conflict
        case .rejected: self = .rejected
        case .unavailable: self = .unavailable
        }
    }

    init(_ kind: TaskAPIError.Kind) {
        switch kind {
        case .validation: self = .validation
        case .notFound: self = .notFound
        case .forbidden, .unauthorized: self = .forbidden
        case .conflict: self = .conflict
        case .rejected: self = .rejected
        case .unavailable: self = .unavailable
        case .badResponse: self = .failure
        }
    }
}

/// A `task` command's failure: what to print and how to exit.
struct CLIError: Error, CustomStringConvertible {
    var exit: CLIExitCode
    var message: String

    init(_ exit: CLIExitCode, _ message: String) {
        self.exit = exit
        self.message = message
    }

    init(_ error: TaskServiceError) { self.init(CLIExitCode(error.code), error.message) }
    init(_ error: TaskAPIError) { self.init(CLIExitCode(error.kind), error.message) }

    var description: String { message }
}

extension AsyncParsableCommand {
    /// Runs `body`, printing a `CLIError` to standard error and exiting with its code.
    func reportingExitCode(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as CLIError {
            printError("error: \(error.message)")
            throw ExitCode(error.exit.rawValue)
        }
    }
}
