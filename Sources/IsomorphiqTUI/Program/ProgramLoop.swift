import Foundation
import IsomorphiqCore
import Glibc
import Logging

/// The terminal thread's loop: wait in `poll()` on the terminal's input, the mailbox's wake
/// pipe and the signal pipe; turn what arrived into messages; run `update` on each; perform
/// the effects; draw the new frame's changed cells.
///
/// The poll has no timeout unless the state has a deadline (a highlight fading, a message
/// expiring), so an idle UI uses no CPU at all.
final class ProgramLoop<Terminal: TerminalDevice> {
    var state: AppState
    let terminal: Terminal
    let mailbox: Mailbox
    let signalPipe: Int32
    let perform: (Effect) -> Void
    let logger: Logger
    let clock: () -> Date
    /// Runs the external editor on a text (`ExternalEditor.edit`; tests give their own).
    var edit: (String) -> Result<String, ExternalEditError> = { ExternalEditor.edit($0) }
    private var driver = FrameDriver()

    init(state: AppState, terminal: Terminal, mailbox: Mailbox, signalPipe: Int32 = -1, logger: Logger, clock: @escaping () -> Date = Date.init, perform: @escaping (Effect) -> Void) {
        self.state = state
        self.terminal = terminal
        self.mailbox = mailbox
        self.signalPipe = signalPipe
        self.logger = logger
        self.clock = clock
        self.perform = perform
    }

    /// Runs until an `update` returns `.quit`.
    func run() {
        state.now = clock()
        for effect in update(&state, .resize(terminal.size)) { perform(effect) }
        draw()
        while true {
            var fds = [
                pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: mailbox.wakeRead, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signalPipe, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, nfds_t(fds.count), timeout())
            if ready < 0, errno != EINTR {
                logger.error("poll failed", metadata: ["errno": "\(errno)"])
                return
            }
            var messages: [Message] = []
            if fds[2].revents != 0 {
                for signal in SignalTrap.drain(signalPipe) {
                    messages.append(signal == SIGWINCH ? .resize(terminal.refreshSize()) : .quit)
                }
            }
            if fds[0].revents != 0 { messages += terminal.readInput().map(\.message) }
            if fds[1].revents != 0 { messages += mailbox.drain() }
            state.now = clock()
            if let deadline = state.nextDeadline, deadline <= state.now { messages.append(.tick) }
            if handle(messages) { return }
            draw()
        }
    }

    /// Applies messages in order; `true` when one of them quits.
    private func handle(_ messages: [Message]) -> Bool {
        var queue = messages[...]
        while let message = queue.popFirst() {
            if case .resize = message { driver.invalidate() }
            for effect in update(&state, message) {
                switch effect {
                case .quit: return true
                case .repaint:
                    terminal.repaintAll()
                    driver.invalidate()
                case .editExternally(let text):
                    // The editor has the terminal meanwhile; the mailbox holds what arrives.
                    let result = terminal.runOutside { edit(text) }
                    driver.invalidate()
                    state.now = clock()
                    queue.insert(.edited(result), at: queue.startIndex)
                default: perform(effect)
                }
            }
        }
        return false
    }

    private func draw() {
        driver.present(render(state, size: state.size), on: terminal)
    }

    /// Milliseconds until the next deadline, or -1 (wait for input) when nothing is pending.
    private func timeout() -> Int32 {
        guard let deadline = state.nextDeadline else { return -1 }
        let milliseconds = deadline.timeIntervalSince(clock()) * 1000
        return Int32(max(0, min(Double(Int32.max), milliseconds.rounded(.up))))
    }
}
