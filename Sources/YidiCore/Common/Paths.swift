import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Small path and folder helpers over POSIX calls.
enum Paths {
    /// The folder part of a path ("." if none).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of a path.
    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Creates a folder and its parents.
    static func makeFolders(_ folder: String) throws(YidiError) {
        var existing = stat()
        if stat(folder, &existing) == 0, FileType(mode: existing.st_mode) == .directory { return }  // the usual case: one call
        var current = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            current += "/" + part
            guard mkdir(current, 0o755) != 0 else { continue }
            let code = errno
            var info = stat()
            guard code == EEXIST, stat(current, &info) == 0, FileType(mode: info.st_mode) == .directory else {
                throw YidiError(.io, "\(current): \(String(cString: strerror(code == EEXIST ? ENOTDIR : code)))")
            }
        }
    }

    /// fsyncs a folder so that a rename in it survives a crash.
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// The canonical path of `path` (symlinks and `..` resolved), also for a file that does not
    /// exist yet in a folder that does.
    static func realPath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        guard let folder = realpath(folder(of: path), nil) else { return path }
        defer { free(folder) }
        return String(cString: folder) + "/" + name(of: path)
    }

    /// A file's size (0 if it cannot be looked at: it is then found out when it is read).
    static func size(of path: String) -> Int64 {
        var info = stat()
        return lstat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// Which file is at `path` (device, inode, size, modification time), without following a
    /// link; nil when nothing is there. A file that later arrives under the same name differs.
    static func identity(of path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// Whether a file or folder exists.
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The longest file name the file systems yidi writes to take (`NAME_MAX`).
    static let maxNameBytes = 255

    /// `name + suffix` kept within 255 bytes: a longer name is cut at a character boundary and
    /// given `~` and 16 hex digits of its SHA-256, so that two long names stay two names.
    static func boundedName(_ name: String, suffix: String = "") -> String {
        let full = name + suffix
        guard full.utf8.count > maxNameBytes else { return full }
        var hash = SHA256()
        hash.update(Array(name.utf8))
        let tag = "~" + hash.finalizeHex().prefix(16)
        let budget = maxNameBytes - suffix.utf8.count - tag.utf8.count
        var cut = "", used = 0
        for character in name {
            let size = character.utf8.count
            if used + size > budget { break }
            cut.append(character)
            used += size
        }
        return cut + tag + suffix
    }

    /// Whether something (a file, a link, a folder) is at `path`, without following a link.
    static func isTaken(_ path: String) -> Bool { type(of: path) != nil }

    /// What is at `path` (`lstat`: a link is a link), nil if nothing (or it cannot be looked at).
    static func type(of path: String) -> FileType? {
        var info = stat()
        return lstat(path, &info) == 0 ? FileType(mode: info.st_mode) : nil
    }

    /// An entry of a folder: its name (for a name that is not UTF-8, its bytes shown escaped,
    /// ``printable(nameBytes:)``) and what it is.
    struct Entry {
        var name: String
        var type: FileType
        /// Whether `name` is the entry's own name (UTF-8), so that it can be opened by it.
        var isUTF8: Bool

        /// Whether the name is a drop's final name in the inbox: `*.xml.gz`, no leading dot (a
        /// sender writes under a hidden name first).
        var hasDropName: Bool { name.hasSuffix(".xml.gz") && !name.hasPrefix(".") }
    }

    /// The entries of a folder but `.` and `..`, each with what it is (an entry gone since it
    /// was listed is left out); nil if the folder cannot be read (`errno` says why).
    static func entries(of folder: String) -> [Entry]? {
        guard let dir = opendir(folder) else { return nil }
        defer { closedir(dir) }
        var entries: [Entry] = []
        while let entry = readdir(dir) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            guard bytes != [0x2E], bytes != [0x2E, 0x2E] else { continue }
            let path = Array(folder.utf8) + [0x2F] + bytes + [0]
            var info = stat()
            guard path.withUnsafeBufferPointer({ p in p.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &info) } }) == 0
            else { continue }
            let type = FileType(mode: info.st_mode)
            if let name = String(validating: bytes, as: UTF8.self) {
                entries.append(Entry(name: name, type: type, isUTF8: true))
            } else {
                entries.append(Entry(name: printable(nameBytes: bytes), type: type, isUTF8: false))
            }
        }
        return entries
    }

    /// A file name that is not UTF-8 (a GBK name from a hospital's system), as it can be shown:
    /// printable ASCII as it is, every other byte as `\xNN`.
    static func printable(nameBytes: [UInt8]) -> String {
        var out = ""
        for b in nameBytes {
            if b >= 0x20 && b < 0x7F && b != 0x5C {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let hex = String(b, radix: 16, uppercase: true)
                out += "\\x" + (hex.count < 2 ? "0" : "") + hex
            }
        }
        return out
    }

    /// Moves a file durably, creating the target's folder: a rename, then fsync of both
    /// folders; across file systems (`EXDEV`) a copy that is synced and renamed into place
    /// before the source is removed. A target that already holds the same bytes is what an
    /// interrupted copy left: the source is then removed. A target with other bytes is never
    /// replaced.
    ///
    /// With a `batch`, a rename's folders are noted in the batch rather than synced here.
    ///
    /// - Throws: ``YidiError`` with kind `io`, or `internalError` (70) naming both paths when
    ///   the target holds other bytes.
    static func move(_ source: String, to target: String, batch: SyncBatch? = nil) throws(YidiError) {
        try makeFolders(folder(of: target))
        try FaultInjection.check("move \(name(of: source))")
        if isTaken(target) {
            guard try sameContent(source, target) else {
                throw YidiError(.internalError, "will not move \(source) to \(target): \(target) already holds other bytes")
            }
            try remove(source)
            batch?.touchMove(of: source, to: target)  // the crash may have come before the earlier move's sync
            return
        }
        if FaultInjection.crossDevice(source) == nil, rename(source, target) == 0 {
            if let batch {
                batch.touchMove(of: source, to: target)
            } else {
                syncFolder(folder(of: target))
                syncFolder(folder(of: source))
            }
            return
        }
        let code = FaultInjection.crossDevice(source) ?? errno
        guard code == EXDEV else {
            throw YidiError(.io, "cannot move \(source) to \(target): \(String(cString: strerror(code)))")
        }
        try copyAcross(source, to: target)
        try remove(source)
    }

    /// Copies a regular file (synced, renamed into place); the source stays.
    static func copyFile(_ source: String, to target: String) throws(YidiError) { try copyAcross(source, to: target) }

    /// Removes a folder and everything in it, as far as it can: for yidi's own private
    /// temporary folders, where what cannot be removed is left to the system's cleaning.
    static func removeTree(_ folder: String) {
        do { try FileManager.default.removeItem(atPath: folder) } catch {
            return  // a private temporary folder left behind harms nothing
        }
    }

    /// The folder for temporary files: `TMPDIR`, else `/tmp`.
    static var temporaryFolder: String {
        guard let tmp = getenv("TMPDIR"), tmp.pointee != 0 else { return "/tmp" }
        return String(cString: tmp)
    }

    /// Copies `source` to a temporary name beside `target`, syncs it, and renames it into place.
    private static func copyAcross(_ source: String, to target: String) throws(YidiError) {
        let input: Int32
        switch FileType.openRegular(source) {
        case .success(let fd): input = fd
        case .failure(let failure): throw YidiError(.io, "cannot copy \(source) to \(target): \(failure.message)")
        }
        defer { close(input) }
        try AtomicFile.write(target, existing: .mustMatch) { (sink) throws(YidiError) in
            try forEachChunk(of: input, path: source, sink)
        }
    }

    /// Removes a file and syncs its folder.
    private static func remove(_ path: String) throws(YidiError) {
        guard unlink(path) == 0 else { throw YidiError(.io, "cannot remove \(path): \(String(cString: strerror(errno)))") }
        syncFolder(folder(of: path))
    }

    /// Whether two files hold the same bytes: the same size, then the same SHA-256 (streamed;
    /// only asked when a target is already taken, which is rare).
    static func sameContent(_ a: String, _ b: String) throws(YidiError) -> Bool {
        var left = stat(), right = stat()
        guard stat(a, &left) == 0, stat(b, &right) == 0 else {
            throw YidiError(.io, "cannot compare \(a) and \(b): \(String(cString: strerror(errno)))")
        }
        guard left.st_size == right.st_size else { return false }
        return try FileHash.sha256(of: a, followLinks: false, failure: .io) == FileHash.sha256(of: b, followLinks: false, failure: .io)
    }

    /// The one read loop: reads an open file to its end (or until `more` says no) in chunks of
    /// `size` bytes, handing each to `body`; an interrupted read is retried, a failed one is a
    /// ``YidiError`` of kind `failure` naming the file.
    static func forEachChunk(
        of fd: Int32, path: String, size: Int = 256 * 1024, failure: YidiError.Kind = .io,
        while more: () -> Bool = { true },
        _ body: (UnsafeRawBufferPointer) throws(YidiError) -> Void
    ) throws(YidiError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while more() {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw YidiError(failure, "\(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
