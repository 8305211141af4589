import CYidiLibC

#if canImport(Glibc)
    import Glibc
#endif

/// Makes a group of file writes and renames durable at once. Until ``sync()`` returns,
/// nothing written under the batch may be counted on (the outbox entries that asked for it stay
/// pending and are replayed after a crash).
///
/// A small group (a busy night's drop: its acknowledgement, its move) is synced file by file
/// and folder by folder. A large one (a group of many small drops) is synced with one `syncfs`
/// per file system rather than hundreds of fsyncs: `syncfs` also waits for every other dirty
/// page of the file system, such as the ledger's checkpoint and the province files in the
/// making, which is worth it only when there are many files to sync.
final class SyncBatch {
    private var folders: Set<String> = []
    private var files: Set<String> = []

    /// Up to this many files and folders are synced one by one.
    static let targetedLimit = 16

    /// Notes that a file in `folder` was written, renamed into or out of it.
    func touch(_ folder: String) { folders.insert(folder) }

    /// Notes that the file at `path` was written or renamed there (its folder is noted apart).
    func touch(file path: String) { files.insert(path) }

    /// Notes a file renamed from `source` to `target`: the file (a drop the hospital wrote is
    /// synced by no one before) and both folders.
    func touchMove(of source: String, to target: String) {
        touch(file: target)
        touch(Paths.folder(of: target))
        touch(Paths.folder(of: source))
    }

    /// Whether anything was noted.
    var isEmpty: Bool { folders.isEmpty && files.isEmpty }

    /// How a batch was made durable.
    enum Method: Equatable {
        case nothing, eachFile, fileSystems
    }

    /// Commits the noted files and folders, and forgets them.
    ///
    /// - Returns: how: file by file, or by file system.
    /// - Throws: ``YidiError`` (`io`) naming the file or folder that could not be synced.
    @discardableResult
    func sync() throws(YidiError) -> Method {
        defer {
            folders.removeAll()
            files.removeAll()
        }
        if isEmpty { return .nothing }
        if files.count + folders.count <= Self.targetedLimit, try syncEach() { return .eachFile }
        try syncFileSystems()
        return .fileSystems
    }

    /// fsync of every noted file, then of every noted folder; false when a file is no longer
    /// where it was noted (a later entry of the group moved it on), so that the file systems
    /// are synced instead.
    private func syncEach() throws(YidiError) -> Bool {
        for path in files.sorted() {
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            if fd < 0, errno == ENOENT { return false }
            try fsyncOrThrow(fd, path)
        }
        for folder in folders.sorted() {
            try fsyncOrThrow(open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC), folder)
        }
        return true
    }

    private func fsyncOrThrow(_ fd: Int32, _ path: String) throws(YidiError) {
        guard fd >= 0 else { throw YidiError(.io, "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw YidiError(.io, "\(path): fsync: \(String(cString: strerror(errno)))") }
    }

    /// One `syncfs` per file system a noted folder is on (a noted file's folder is noted too).
    private func syncFileSystems() throws(YidiError) {
        var synced: Set<UInt64> = []
        for folder in folders.sorted() {
            let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw YidiError(.io, "\(folder): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw YidiError(.io, "\(folder): \(String(cString: strerror(errno)))") }
            guard synced.insert(UInt64(info.st_dev)).inserted else { continue }
            guard yidi_syncfs(fd) == 0 else { throw YidiError(.io, "\(folder): syncfs: \(String(cString: strerror(errno)))") }
        }
    }
}
