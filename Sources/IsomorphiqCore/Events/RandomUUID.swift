public import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Random (version 4) UUIDs without Foundation's per-call cost: on Linux `UUID()` opens and reads
/// `/dev/urandom` every time, which dominated the event hot path. This draws from the system's
/// cryptographic generator (`/dev/urandom`) 4 KiB at a time.
public enum RandomUUID {
    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var index = 4096
    }

    private static let pool = Mutex(Pool())

    /// Fills `bytes` from `/dev/urandom` in one read (falling back to the standard generator).
    private static func refill(_ bytes: inout [UInt8]) {
        let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            defer { close(descriptor) }
            let filled = bytes.withUnsafeMutableBytes { buffer in read(descriptor, buffer.baseAddress, buffer.count) }
            if filled == bytes.count { return }
        }
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = generator.next() }
    }

    public static func make() -> UUID {
        var raw: uuid_t = pool.withLock { pool in
            if pool.index + 16 > pool.bytes.count {
                refill(&pool.bytes)
                pool.index = 0
            }
            let b = pool.bytes
            let i = pool.index
            pool.index += 16
            return (b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7],
                    b[i + 8], b[i + 9], b[i + 10], b[i + 11], b[i + 12], b[i + 13], b[i + 14], b[i + 15])
        }
        raw.6 = (raw.6 & 0x0F) | 0x40
        raw.8 = (raw.8 & 0x3F) | 0x80
        return UUID(uuid: raw)
    }
}
