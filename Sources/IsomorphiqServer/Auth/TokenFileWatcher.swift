import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Keeps a running server's `TokenStore` in step with `tokens.json`: an inotify watch on the
/// file's directory wakes a dedicated thread when the file is written or replaced (as `token add`
/// and `token revoke` do from another process), and the store reloads at once. No polling: the
/// thread sleeps in `poll(2)` until the kernel or `stop()` (through a pipe) wakes it, so an idle server stays idle.
///
/// A file that cannot be read (half-written by a foreign tool) leaves the tokens in force and is
/// logged; the next change is read again.
final class TokenFileWatcher: Sendable {
    private let inotify: Int32
    /// A pipe: `stop()` writes a byte to `wake`, and `poll` sees `wakeReader` readable.
    private let wakeReader: Int32
    private let wake: Int32
    private let stopped = Mutex(false)
    private let finished = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Starts watching; `nil` for a store in memory, or when the kernel refuses a watch (logged).
    static func start(_ tokens: TokenStore, logger: Logger) -> TokenFileWatcher? {
        guard let file = tokens.fileURL else { return nil }
        let directory = file.deletingLastPathComponent().path
        let name = file.lastPathComponent
        let inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard inotify >= 0 else {
            logger.warning("cannot watch tokens.json; token changes need a restart", metadata: ["errno": "\(errno)"])
            return nil
        }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM)
        guard inotify_add_watch(inotify, directory, mask) >= 0 else {
            logger.warning("cannot watch tokens.json; token changes need a restart", metadata: ["directory": "\(directory)", "errno": "\(errno)"])
            close(inotify)
            return nil
        }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            close(inotify)
            return nil
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        let watcher = TokenFileWatcher(inotify: inotify, wakeReader: pipeEnds[0], wake: pipeEnds[1])
        let thread = Thread { watcher.loop(tokens, name: name, logger: logger) }
        thread.name = "isomorphiq-token-watch"
        thread.start()
        return watcher
    }

    private init(inotify: Int32, wakeReader: Int32, wake: Int32) {
        self.inotify = inotify
        self.wakeReader = wakeReader
        self.wake = wake
    }

    /// Wakes the thread and waits for it to end. Safe to call more than once.
    func stop() async {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        if first {
            var one: UInt8 = 1
            _ = write(wake, &one, 1)
        }
        await withCheckedContinuation { continuation in
            let done = finished.withLock { state in
                if !state.done { state.waiters.append(continuation) }
                return state.done
            }
            if done { continuation.resume() }
        }
    }

    private func loop(_ tokens: TokenStore, name: String, logger: Logger) {
        var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopped.withLock({ $0 }) {
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0, descriptors[1].revents == 0 else { break }
            var touched = false
            while true {
                let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                touched = touched || Self.names(in: buffer.prefix(count)).contains(name)
            }
            guard touched else { continue }
            do {
                let revoked = try tokens.reload()
                logger.info("tokens.json changed; tokens reloaded", metadata: ["revoked": "\(revoked.sorted().joined(separator: ","))"])
            } catch {
                logger.warning("tokens.json changed but cannot be read; the tokens in force are kept", metadata: ["error": "\(error)"])
            }
        }
        close(inotify)
        close(wakeReader)
        close(wake)
        let waiters = finished.withLock { state in
            state.done = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The file names in a buffer of `struct inotify_event`s.
    private static func names(in bytes: ArraySlice<UInt8>) -> [String] {
        var names: [String] = []
        var offset = bytes.startIndex
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= bytes.endIndex {
            let length = bytes[(offset + 12)..<(offset + 16)].withUnsafeBytes { Int($0.loadUnaligned(as: UInt32.self)) }
            let start = offset + header
            let end = min(bytes.endIndex, start + length)
            let name = bytes[start..<end].prefix { $0 != 0 }
            if !name.isEmpty { names.append(String(decoding: name, as: UTF8.self)) }
            offset = start + length
        }
        return names
    }
}
