#if canImport(Glibc)
import Glibc
#endif

/// The workspace lock (`.lock`, `flock`, non-blocking): held while a command writes.
public final class WorkspaceLock {
    private let fd: Int32

    /// Takes the lock.
    ///
    /// - Throws: ``YidiError`` with kind `tempFail` (exit 75) at once if another command holds it.
    public init(workspace: Workspace) throws(YidiError) {
        let path = workspace.root + "/.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw YidiError(.io, "\(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw YidiError(.tempFail, "another yidi command holds the workspace lock \(path)") }
            throw YidiError(.io, "\(path): \(String(cString: strerror(code)))")
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
