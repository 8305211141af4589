#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that a reader sees all of it or nothing: a temporary name in the same
/// folder, fsync, rename, fsync of the folder (outputs.md).
public enum AtomicFile {
    /// Writes the bytes `produce` hands to its writer into `path`, creating folders as needed.
    ///
    /// - Throws: ``YidiError`` with kind `io`; the temporary file is removed and `path` is untouched.
    public static func write(_ path: String, _ produce: (_ write: (UnsafeRawBufferPointer) throws(YidiError) -> Void) throws(YidiError) -> Void) throws(YidiError) {
        let folder = Paths.folder(of: path)
        try Paths.makeFolders(folder)
        let temp = folder + "/.\(Paths.name(of: path)).\(getpid()).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw YidiError(.io, "\(temp): \(String(cString: strerror(errno)))") }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
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
            guard fsync(fd) == 0 else { throw YidiError(.io, "\(path): fsync: \(String(cString: strerror(errno)))") }
            closed = true
            guard close(fd) == 0 else { throw YidiError(.io, "\(path): close: \(String(cString: strerror(errno)))") }
            guard rename(temp, path) == 0 else { throw YidiError(.io, "\(path): rename: \(String(cString: strerror(errno)))") }
        } catch {
            unlink(temp)
            throw (error as? YidiError) ?? YidiError(.io, "\(path): \(error)")
        }
        Paths.syncFolder(folder)
    }

    /// Writes a string's UTF-8 bytes atomically.
    public static func write(_ path: String, text: String) throws(YidiError) {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        try write(path) { (sink) throws(YidiError) in try sink(UnsafeRawBufferPointer(buffer)) }
    }
}

/// Small path and folder helpers over POSIX calls.
public enum Paths {
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
    public static func makeFolders(_ folder: String) throws(YidiError) {
        var current = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw YidiError(.io, "\(current): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// fsyncs a folder so that a rename in it survives a crash.
    public static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Whether a file or folder exists.
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Moves a file durably (rename, then fsync of both folders), creating the target's folder.
    public static func move(_ source: String, to target: String) throws(YidiError) {
        try makeFolders(folder(of: target))
        try FaultInjection.check("move \(name(of: source))")
        guard rename(source, target) == 0 else {
            throw YidiError(.io, "cannot move \(source) to \(target): \(String(cString: strerror(errno)))")
        }
        syncFolder(folder(of: target))
        syncFolder(folder(of: source))
    }
}
