#if canImport(Glibc)
    import Glibc
#endif

/// operations.md, "A lost ledger is never silently replaced": a command that finds no ledger
/// (or an empty one) may create it only in a workspace without history. Otherwise a deleted,
/// emptied or misspelled ledger would accept every drop of the archive again.
enum LedgerGuard {
    /// The folders whose files are the workspace's history.
    static let historyFolders = ["archive", "rejected", "outbox"]

    /// What is at the ledger's path before it is opened.
    enum Presence: Equatable {
        case missing
        case empty
        case present
    }

    /// Looks at `path` without opening it as a database (`lstat`, nothing created). A path
    /// whose folder does not exist counts as present: SQLite cannot create a file there, so
    /// opening it fails with SQLite's message (74) and nothing can be accepted again.
    static func presence(of path: String) -> Presence {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else { return .present }
            return Paths.isTaken(Paths.folder(of: path)) ? .missing : .present
        }
        return FileType(mode: info.st_mode) == .regular && info.st_size == 0 ? .empty : .present
    }

    /// The first file of the workspace's history, if it has one.
    static func firstHistoryFile(in workspace: Workspace) -> String? {
        for folder in historyFolders {
            if let file = firstFile(root: workspace.root, folder: folder) { return file }
        }
        return nil
    }

    /// Refuses (78) to create a ledger at `path` when the workspace has history.
    static func checkMayCreate(_ path: String, presence: Presence, workspace: Workspace) throws(YidiError) {
        guard presence != .present, let file = firstHistoryFile(in: workspace) else { return }
        throw refusal(path, found: presence == .missing ? "no ledger" : "an empty file", history: file)
    }

    private static func refusal(_ path: String, found: String, history file: String) -> YidiError {
        YidiError(
            .config,
            """
            ledger \(path): found \(found), but the workspace has history (\(file)); a new ledger would \
            accept those drops again. Restore the ledger from its backup, or correct `ledger` in yidi.toml
            """)
    }

    /// The first file found under `root/folder` (depth first), as a path relative to `root`.
    private static func firstFile(root: String, folder: String) -> String? {
        // a folder that cannot be read may hold history: it counts as history, never as empty
        guard let entries = Paths.entries(of: root + "/" + folder) else { return Paths.exists(root + "/" + folder) ? folder : nil }
        for entry in entries {
            let relative = folder + "/" + entry.name
            guard entry.type == .directory else { return relative }
            if let found = firstFile(root: root, folder: relative) { return found }
        }
        return nil
    }
}
