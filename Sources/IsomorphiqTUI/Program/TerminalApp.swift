public import Logging
import Foundation
import IsomorphiqCore
import Glibc
public import IsomorphiqSource

/// The entry point: runs the terminal UI over a `TaskSource` until the user quits.
public enum TerminalApp {
    /// Takes over the terminal (ncursesw), runs until `q`, Ctrl-C, SIGINT or SIGTERM, and gives
    /// the terminal back as it found it, also when the process dies of a fatal signal.
    /// Logs go to `logger` only: bootstrap it to a file, never to the screen.
    /// - Throws: when the source cannot connect or stdin/stdout is not a terminal.
    public static func run(source: some TaskSource, options: TerminalOptions = TerminalOptions(), logger: Logger) async throws {
        try await run(source: source, options: options, logger: logger) {
            try NCursesTerminal(options: options)
        }
    }

    /// The same over any terminal, which `makeTerminal` creates on the UI thread. Tests and
    /// benchmarks pass a `FakeTerminal`.
    public static func run<Terminal: TerminalDevice>(
        source: some TaskSource, options: TerminalOptions = TerminalOptions(), logger: Logger,
        mailbox: Mailbox = Mailbox(), makeTerminal: @escaping @Sendable () throws -> Terminal
    ) async throws {
        let feed = try await source.connect()
        // The feed's channel and the mailbox are both bounded and both wait rather than drop:
        // a slow screen slows the source, whose own bound turns a long lag into a resync.
        let pump = Task {
            for await update in feed.updates {
                switch update {
                case .event(let event): await mailbox.send(.event(event))
                case .resync(let board): await mailbox.send(.resync(board))
                case .connection(let connection): await mailbox.send(.connection(connection))
                case .clients(let clients): await mailbox.send(.clients(clients))
                }
            }
            logger.info("the task source ended")
        }
        defer {
            pump.cancel()
            feed.updates.finish()
        }
        let status = source.status
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    let terminal = try makeTerminal()
                    var signals: Int32 = -1
                    if let curses = terminal as? NCursesTerminal {
                        signals = SignalTrap.install(savedTermios: curses.savedTermios, restoreSequence: NCursesTerminal.restoreSequence())
                    }
                    var state = AppState(board: feed.board, status: status, size: terminal.size, timeZone: options.timeZone, keyMap: options.keyMap, theme: options.theme)
                    state.highlightDuration = options.highlightDuration
                    for event in feed.recent { state.feed.append(event) }
                    let loop = ProgramLoop(state: state, terminal: terminal, mailbox: mailbox, signalPipe: signals, logger: logger) { effect in
                        perform(effect, source: source, mailbox: mailbox)
                    }
                    loop.run()
                    terminal.restore()
                    if signals >= 0 { SignalTrap.uninstall(pipeRead: signals) }
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "isomorphiq-tui"
            thread.start()
        }
    }

    /// Carries out an effect off the UI thread; the outcome comes back through the mailbox.
    static func perform(_ effect: Effect, source: some TaskSource, mailbox: Mailbox) {
        switch effect {
        case .send(let id, let commands):
            Task {
                do throws(TaskServiceError) {
                    mailbox.post(.commandFinished(id: id, .success(try await source.send(commands))))
                } catch {
                    mailbox.post(.commandFinished(id: id, .failure(error)))
                }
            }
        case .loadHistory(let taskID):
            Task {
                do throws(TaskServiceError) {
                    mailbox.post(.historyLoaded(taskID, .success(try await source.history(of: taskID))))
                } catch {
                    mailbox.post(.historyLoaded(taskID, .failure(error)))
                }
            }
        case .retryConnection:
            source.retryNow()
        case .quit, .repaint, .editExternally:
            break  // the loop's own
        }
    }
}
