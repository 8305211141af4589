#if canImport(Glibc)
    import Glibc
#endif

/// Writes a file so that a reader sees all of it or nothing: a temporary name in the same
/// folder, fsync, rename, fsync of the folder (outputs.md).
enum AtomicFile {
    /// What to do when the path already holds a file.
    enum Existing: Sendable {
        /// Replace it (the metrics file, rewritten after every command).
        case replace
        /// Keep it if it holds the same bytes (a replay after a crash); other bytes are never
        /// overwritten: an internal error (70) naming the file.
        case mustMatch
        /// As `mustMatch`, with the sameness decided by `same(existing, new)` on the two paths
        /// (a gzip file whose content is compared rather than its compressed bytes).
        case mustMatchBy(@Sendable (String, String) throws(YidiError) -> Bool)
    }

    /// Writes the bytes `produce` hands to its writer into `path`, creating folders as needed.
    ///
    /// With a `batch`, the file and its folder are not synced here but noted in the batch, which
    /// makes a whole group of files durable at once (``SyncBatch/sync()``).
    ///
    /// - Throws: ``YidiError`` with kind `io`, or `internalError` when `path` holds other bytes
    ///   and `existing` does not allow replacing them; the temporary file is removed and `path`
    ///   is untouched.
    static func write(
        _ path: String, existing: Existing = .mustMatch, batch: SyncBatch? = nil,
        _ produce: (_ write: (UnsafeRawBufferPointer) throws(YidiError) -> Void) throws(YidiError) -> Void
    ) throws(YidiError) {
        let folder = Paths.folder(of: path)
        try Paths.makeFolders(folder)
        let temp = folder + "/" + Paths.boundedName("." + Paths.name(of: path), suffix: ".\(getpid()).tmp")
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw YidiError(.io, "\(temp): \(String(cString: strerror(errno)))") }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do throws(YidiError) {
            try FaultInjection.check("write \(Paths.name(of: path))")
            try produce { bytes throws(YidiError) in
                var offset = 0
                while offset < bytes.count {
                    let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw YidiError(.io, "\(path): \(String(cString: strerror(errno)))")
                    }
                    offset += n
                }
            }
            if batch == nil, fsync(fd) != 0 { throw YidiError(.io, "\(path): fsync: \(String(cString: strerror(errno)))") }
            closed = true
            guard close(fd) == 0 else { throw YidiError(.io, "\(path): close: \(String(cString: strerror(errno)))") }
            if try keepExisting(path, written: temp, existing) {
                // the same bytes are already in place: a replay, synced all the same below (the
                // crash may have come between their rename and their sync)
                unlink(temp)
                guard batch != nil else { return }
            } else {
                guard rename(temp, path) == 0 else { throw YidiError(.io, "\(path): rename: \(String(cString: strerror(errno)))") }
            }
        } catch {
            unlink(temp)
            throw error
        }
        if let batch {
            batch.touch(file: path)
            batch.touch(folder)
        } else {
            Paths.syncFolder(folder)
        }
    }

    /// Whether `path` already holds what was written to `temp` (then it is kept); throws when it
    /// holds something else that must not be replaced.
    private static func keepExisting(_ path: String, written temp: String, _ existing: Existing) throws(YidiError) -> Bool {
        guard Paths.isTaken(path) else { return false }
        let same: Bool
        switch existing {
        case .replace: return false
        case .mustMatch: same = try Paths.sameContent(path, temp)
        case .mustMatchBy(let compare): same = try compare(path, temp)
        }
        guard same else {
            throw YidiError(.internalError, "will not overwrite \(path): it holds other bytes than \(Paths.name(of: temp)) now written")
        }
        return true
    }

    /// Writes a string's UTF-8 bytes atomically.
    static func write(_ path: String, existing: Existing = .mustMatch, batch: SyncBatch? = nil, text: String) throws(YidiError) {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        try write(path, existing: existing, batch: batch) { (sink) throws(YidiError) in try sink(UnsafeRawBufferPointer(buffer)) }
    }
}
