import Foundation
import Synchronization

/// An exclusive `flock` on a data directory itself, with the holder's pid written in its lock file.
///
/// The lock is the kernel's, held on the directory (opened read-only), not the existence of a file:
/// deleting the `lock` file, or every file, lets no second writer in. The kernel drops it when the
/// process dies, so a crash never leaves the directory locked. `flock` belongs to the open file
/// description, so a second lock taken in the same process is refused too. The lock file is
/// locked as well, as versions before this one locked only it and may run beside this one.
/// Released by `release()` or when the value is deinitialised.
public final class DataDirectoryLock: Sendable {
    /// The lock file's path.
    public let path: String
    /// The directory's descriptor, then the lock file's.
    private let descriptors: Mutex<(directory: Int32, file: Int32)?>

    private init(path: String, directory: Int32, file: Int32) {
        self.path = path
        self.descriptors = Mutex((directory, file))
    }

    static func acquire(at url: URL, directory: String) throws(StoreError) -> DataDirectoryLock {
        let directoryFD = try lockedDescriptor(directory, flags: O_RDONLY | O_DIRECTORY, directory: directory, pidFile: url.path)
        let fileFD: Int32
        do {
            fileFD = try lockedDescriptor(url.path, flags: O_RDWR | O_CREAT | O_NOFOLLOW, directory: directory, pidFile: url.path)
        } catch {
            close(directoryFD)
            throw error
        }
        let text = "\(getpid())\n"
        _ = ftruncate(fileFD, 0)
        _ = text.withCString { pwrite(fileFD, $0, strlen($0), 0) }
        return DataDirectoryLock(path: url.path, directory: directoryFD, file: fileFD)
    }

    /// Opens `path` and takes its exclusive `flock` without waiting; throws `.locked` (with the pid
    /// read from `pidFile`) when another open file holds it.
    private static func lockedDescriptor(_ path: String, flags: Int32, directory: String, pidFile: String) throws(StoreError) -> Int32 {
        let fd = open(path, flags | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .directory(path: directory, detail: "cannot open \(path) to lock it: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            close(fd)
            if failure == EWOULDBLOCK { throw .locked(path: directory, pid: readPID(pidFile)) }
            throw .directory(path: directory, detail: "cannot lock: \(String(cString: strerror(failure)))")
        }
        return fd
    }

    /// Lets the directory go. Safe to call more than once.
    public func release() {
        descriptors.withLock { descriptors in
            guard let open = descriptors else { return }
            _ = ftruncate(open.file, 0)
            flock(open.file, LOCK_UN)
            close(open.file)
            flock(open.directory, LOCK_UN)
            close(open.directory)
            descriptors = nil
        }
    }

    deinit { release() }

    /// The pid in the lock file at `path`, if there is one (it may have been deleted).
    private static func readPID(_ path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }
}
