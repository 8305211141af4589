#if canImport(Glibc)
    import Glibc
#endif

/// SHA-256 of a whole reference file (recorded with every run; a drop's digest comes from its
/// intake as it streams), and of a drop file whose pending move must check what it moves.
/// A reference file that cannot be read is a configuration error (78).
enum FileHash {
    /// - Parameters:
    ///   - followLinks: whether a symbolic link is followed (reference files: yes; drops: no).
    ///   - kind: the kind of error a file that cannot be read is.
    static func sha256(of path: String, followLinks: Bool = true, failure kind: YidiError.Kind = .config) throws(YidiError) -> String {
        let fd: Int32
        switch FileType.openRegular(path, followLinks: followLinks) {
        case .success(let opened): fd = opened
        case .failure(let failure): throw YidiError(kind, "\(path): \(failure.message)")
        }
        defer { close(fd) }
        var hash = SHA256()
        do throws(YidiError) {
            try Paths.forEachChunk(of: fd, path: path) { hash.update($0) }
        } catch {
            throw YidiError(kind, error.message)
        }
        return hash.finalizeHex()
    }
}
