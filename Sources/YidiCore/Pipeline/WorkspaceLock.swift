#if canImport(Glibc)
import Glibc
#endif

/// The workspace lock, held while a command writes: `flock` (non-blocking) on `.lock`, as
/// operations.md names it, and on the workspace folder itself, which cannot be deleted
/// underneath a run the way `.lock` can (a second run would then take a new `.lock`).
final class WorkspaceLock {
    private var descriptors: [Int32] = []

    /// Takes the lock.
    ///
    /// - Throws: ``YidiError`` with kind `tempFail` (exit 75) at once if another command holds it.
    public init(workspace: Workspace) throws(YidiError) {
        let path = workspace.root + "/.lock"
        try take(path, flags: O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW)
        try take(workspace.root, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    private func take(_ path: String, flags: Int32) throws(YidiError) {
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw YidiError(.io, "\(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw YidiError(.tempFail, "another yidi command holds the workspace lock \(path)") }
            throw YidiError(.io, "\(path): \(String(cString: strerror(code)))")
        }
        descriptors.append(fd)
    }

    deinit {
        for fd in descriptors {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }
}
