#if canImport(Glibc)
    import Glibc
#endif

/// What kind of file a directory entry is (`lstat`'s `st_mode`): only regular files are read.
enum FileType: Equatable, CustomStringConvertible {
    case regular, directory, symlink, fifo, socket, device

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        default: self = .device
        }
    }

    var description: String {
        switch self {
        case .regular: "regular file"
        case .directory: "folder"
        case .symlink: "symbolic link"
        case .fifo: "named pipe"
        case .socket: "socket"
        case .device: "device"
        }
    }

    /// Opens `path` for reading in a way that can never block (`O_NONBLOCK`: a FIFO opens at
    /// once and is then refused), and checks that it is a regular file. An inbox drop is not
    /// followed if it is a symbolic link; a reference file may be one (operators link
    /// versions of the catalog), as long as it leads to a regular file.
    ///
    /// - Returns: the descriptor, or the `errno` (`ENOENT`, `ELOOP` for a link, …) and, for an
    ///   open file that is not regular, its type.
    static func openRegular(_ path: String, followLinks: Bool = false) -> Result<Int32, OpenFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { return .failure(OpenFailure(errno: errno, type: nil)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            return .failure(OpenFailure(errno: code, type: nil))
        }
        let type = FileType(mode: info.st_mode)
        guard type == .regular else {
            close(fd)
            return .failure(OpenFailure(errno: 0, type: type))
        }
        return .success(fd)
    }

    /// Why ``openRegular(_:)`` failed.
    struct OpenFailure: Error {
        var errno: Int32
        var type: FileType?

        var message: String {
            if let type { return "not a regular file but a \(type)" }
            if errno == ELOOP { return "a symbolic link (not followed)" }
            return String(cString: strerror(errno))
        }
    }
}
