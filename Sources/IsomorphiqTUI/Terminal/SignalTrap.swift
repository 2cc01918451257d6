import Glibc

/// Signal handling for the terminal thread, async-signal-safe throughout.
///
/// - SIGWINCH, SIGINT, SIGTERM and SIGHUP write their number to a pipe the loop polls, so
///   they become messages (a resize, a quit) on the terminal thread.
/// - Fatal signals (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP) put the terminal back
///   (saved termios, then the terminfo strings that leave the alternate screen, show the cursor
///   and stop mouse reporting, written with `write(2)`), reinstate the previous handler (Swift's
///   backtracer) and re-raise.
enum SignalTrap {
    static let forwarded: [Int32] = [SIGWINCH, SIGINT, SIGTERM, SIGHUP]
    static let fatal: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    // Written by `install` before any handler can run, then only read by the handlers, which
    // cannot capture context. Raw C memory, allocated once, so handlers touch no Swift runtime.
    nonisolated(unsafe) static var pipeWrite: Int32 = -1
    nonisolated(unsafe) static let savedTermios = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    nonisolated(unsafe) static var haveTermios = false
    nonisolated(unsafe) static let restoreBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 512)
    nonisolated(unsafe) static var restoreCount = 0
    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = {
        let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        pointer.initialize(repeating: sigaction(), count: 65)
        return pointer
    }()

    /// Installs the handlers. `restoreSequence` is what puts the screen back.
    /// Returns the read end of the signal pipe.
    static func install(savedTermios saved: termios?, restoreSequence: [UInt8]) -> Int32 {
        var fds: [Int32] = [0, 0]
        Glibc.pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        pipeWrite = fds[1]
        if let saved {
            savedTermios.pointee = saved
            haveTermios = true
        }
        restoreCount = min(restoreSequence.count, 512)
        for index in 0..<restoreCount { restoreBytes[index] = restoreSequence[index] }

        for signal in forwarded {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(SignalTrap.pipeWrite, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, previous + Int(signal))
        }
        for signal in fatal {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                SignalTrap.restoreTerminal()
                sigaction(number, SignalTrap.previous + Int(number), nil)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND))
            sigaction(signal, &action, previous + Int(signal))
        }
        return fds[0]
    }

    /// Puts the handlers back as they were and closes the pipe.
    static func uninstall(pipeRead: Int32) {
        for signal in forwarded + fatal { sigaction(signal, previous + Int(signal), nil) }
        close(pipeRead)
        close(pipeWrite)
        pipeWrite = -1
    }

    /// Async-signal-safe: termios and `write(2)` only.
    static func restoreTerminal() {
        if haveTermios { tcsetattr(STDIN_FILENO, TCSANOW, savedTermios) }
        if restoreCount > 0 { _ = write(STDOUT_FILENO, restoreBytes, restoreCount) }
    }

    /// Signal numbers waiting in the pipe.
    static func drain(_ fd: Int32) -> [Int32] {
        var buffer = [UInt8](repeating: 0, count: 32)
        var result: [Int32] = []
        while true {
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            result += buffer.prefix(count).map { Int32($0) }
        }
        return result
    }
}
