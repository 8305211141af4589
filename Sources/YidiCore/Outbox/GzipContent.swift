#if canImport(Glibc)
    import Glibc
#endif

/// The content of a gzip file, for deciding whether an output already written holds what a
/// replay would write: two compressions of the same text need not be the same bytes.
enum GzipContent {
    /// Whether the gzip files at `a` and `b` inflate to the same bytes (streamed; compared by
    /// the SHA-256 of each inflated stream). A file that does not inflate is not the same.
    static func same(_ a: String, _ b: String) throws(YidiError) -> Bool {
        guard let left = try digest(a), let right = try digest(b) else { return false }
        return left == right
    }

    /// The SHA-256 of the inflated content, or nil if the file is not a whole gzip stream.
    private static func digest(_ path: String) throws(YidiError) -> String? {
        let fd: Int32
        switch FileType.openRegular(path) {
        case .success(let opened): fd = opened
        case .failure(let failure): throw YidiError(.io, "\(path): \(failure.message)")
        }
        defer { close(fd) }
        let inflater = GzipInflater()
        var hash = SHA256()
        var corrupt = false
        try Paths.forEachChunk(of: fd, path: path) { chunk in
            guard !corrupt else { return }
            do throws(GzipInflater.Failure) {
                _ = try inflater.feed(chunk) { out in
                    hash.update(out)
                    return true
                }
            } catch {
                corrupt = true
            }
        }
        do throws(GzipInflater.Failure) { try inflater.finish() } catch { return nil }
        if corrupt { return nil }
        return hash.finalizeHex()
    }
}
