#if canImport(Glibc)
    import Glibc
#endif

/// The workspace lock, held while a command writes: `flock` (non-blocking) on `.lock`, as
/// operations.md names it, and on the workspace folder itself, which cannot be deleted
/// underneath a run the way `.lock` can (a second run would then take a new `.lock`).
final class WorkspaceLock {
    private var descriptors: [Int32] = []

    /// Takes the lock and writes who holds it into `.lock` (command, PID, since), for the
    /// message of a command refused by it.
    ///
    /// - Throws: ``YidiError`` with kind `tempFail` (exit 75) at once if another command holds
    ///   it, naming that command as `.lock` says.
    public init(workspace: Workspace, command: String = "run") throws(YidiError) {
        let path = workspace.root + "/.lock"
        let lockFile = try take(path, flags: O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW)
        try take(workspace.root, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        // who holds it: a hint for the operator, not the lock itself (a failure to write it is not one)
        let holder = Array("\(command) pid \(getpid()) since \(LocalDateTime.nowInChina())\n".utf8)
        if ftruncate(lockFile, 0) == 0 { _ = holder.withUnsafeBytes { pwrite(lockFile, $0.baseAddress, $0.count, 0) } }
    }

    @discardableResult
    private func take(_ path: String, flags: Int32) throws(YidiError) -> Int32 {
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw YidiError(.io, "\(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = Self.holder(fd)
            close(fd)
            if code == EWOULDBLOCK {
                throw YidiError(
                    .tempFail, zh: "另一个 yidi 命令正持有工作区锁 \(path)" + (holder.map { "：\($0)（待其结束后再运行）" } ?? ""),
                    en: "another yidi command holds the workspace lock \(path)" + (holder.map { ": \($0) (run again once it ends)" } ?? ""))
            }
            throw YidiError(.io, "\(path): \(String(cString: strerror(code)))")
        }
        descriptors.append(fd)
        return fd
    }

    /// What `.lock` says of its holder (the folder's descriptor says nothing).
    private static func holder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 200)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[..<n], as: UTF8.self).split(separator: "\n").first.map(String.init)
        return text?.oneLine
    }

    deinit {
        for fd in descriptors {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }
}
