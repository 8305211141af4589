import CYidiLibC
#if canImport(Glibc)
import Glibc
#endif

/// Makes a group of file writes and renames durable at once: one `syncfs` per file system
/// the touched folders are on, instead of an fsync per file and per folder. Until
/// ``sync()`` returns, nothing written under the batch may be counted on (the outbox entries
/// that asked for it stay pending and are replayed after a crash).
final class SyncBatch {
    private var folders: Set<String> = []

    /// Notes that a file in `folder` was written, renamed into or out of it.
    func touch(_ folder: String) { folders.insert(folder) }

    /// Whether anything was noted.
    var isEmpty: Bool { folders.isEmpty }

    /// Commits every file system a touched folder is on.
    ///
    /// - Throws: ``YidiError`` (`io`) naming the folder whose file system could not be synced.
    func sync() throws(YidiError) {
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
        folders.removeAll()
    }
}
