public import Foundation
import Synchronization

/// An exclusive `flock` on a data directory's lock file, with the holder's pid written in it.
///
/// The kernel drops the lock when the process dies, so a crash never leaves the directory locked.
/// `flock` belongs to the open file, so a second lock taken in the same process is refused too.
/// Released by `release()` or when the value is deinitialised.
public final class DataDirectoryLock: Sendable {
    /// The lock file's path.
    public let path: String
    private let descriptor: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    static func acquire(at url: URL, directory: String) throws(StoreError) -> DataDirectoryLock {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .directory(path: directory, detail: "cannot open lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            let pid = Self.readPID(fd)
            close(fd)
            if failure == EWOULDBLOCK { throw .locked(path: directory, pid: pid) }
            throw .directory(path: directory, detail: "cannot lock: \(String(cString: strerror(failure)))")
        }
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return DataDirectoryLock(path: url.path, descriptor: fd)
    }

    /// Lets the directory go. Safe to call more than once.
    public func release() {
        descriptor.withLock { fd in
            guard let open = fd else { return }
            _ = ftruncate(open, 0)
            flock(open, LOCK_UN)
            close(open)
            fd = nil
        }
    }

    deinit { release() }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }
}
