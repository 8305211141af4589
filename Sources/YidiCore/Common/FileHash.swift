#if canImport(Glibc)
import Glibc
#endif

/// SHA-256 of a whole file: reference data (recorded with every run) and drops (their identity).
enum FileHash {
    static func sha256(of path: String, failure: YidiError.Kind = .config) throws(YidiError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw YidiError(errno == ENOENT && failure != .config ? .noInput : failure, "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var hash = SHA256()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { throw YidiError(failure, "\(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            buffer.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hash.finalizeHex()
    }
}
