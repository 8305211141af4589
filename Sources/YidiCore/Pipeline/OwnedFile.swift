#if canImport(Glibc)
    import Glibc
#endif

/// Where a command may write a file a person named (`report --out`, `metrics =`): never over
/// the ledger or the workspace's own state, never through a link, never over a file yidi did
/// not write there.
public enum OwnedFile {
    /// What a file must begin with to be taken for one yidi wrote.
    public struct Signature: Sendable {
        /// What the file is, for the refusal ("report", "metrics file").
        let name: String
        /// Whether the first bytes of an existing file are those of such a file.
        let matches: @Sendable ([UInt8]) -> Bool

        /// A report page: `<!DOCTYPE html>` with yidi's title.
        public static let report = Signature(name: "report") { head in
            let text = String(decoding: head, as: UTF8.self)
            return text.hasPrefix("<!DOCTYPE html>") && text.contains("<title>yidi ")
        }

        /// The Prometheus text yidi writes (an empty file too: nothing is lost by replacing it).
        static let metrics = Signature(name: "metrics file") { head in
            head.isEmpty || String(decoding: head, as: UTF8.self).hasPrefix("# HELP yidi_")
        }
    }

    /// Checks that `path` may be written: the error names the file and why not.
    ///
    /// - Parameters:
    ///   - replacing: whether an earlier file of the same kind may be replaced (the default
    ///     report path, the metrics file, `--force`).
    ///   - kind: the exit status of a refusal (65 for a command's argument, 78 for a setting).
    public static func check(
        _ path: String, in workspace: Workspace, ledger: LedgerLocation, signature: Signature,
        replacing: Bool, kind: YidiError.Kind
    ) throws(YidiError) {
        if let own = ownState(Paths.realPath(path), workspace: workspace, ledger: ledger) {
            throw YidiError(kind, "\(path): will not write the \(signature.name) over \(own)")
        }
        guard let type = Paths.type(of: path) else { return }
        guard type == .regular else {
            throw YidiError(kind, "\(path): will not write the \(signature.name) there: it is a \(type)")
        }
        guard signature.matches(head(of: path)) else {
            throw YidiError(kind, "\(path): holds a file yidi did not write; it is not replaced")
        }
        guard replacing else {
            throw YidiError(kind, "\(path): holds an earlier \(signature.name); --force replaces it")
        }
    }

    /// What of the workspace's own state `resolved` is (the ledger and its journals, the
    /// settings, the lock, a file under the folders yidi keeps), or nil.
    static func ownState(_ resolved: String, workspace: Workspace, ledger: LedgerLocation) -> String? {
        let root = Paths.realPath(workspace.root)
        if case .sqlite(let file) = ledger {
            let ledgerPath = Paths.realPath(file.hasPrefix("/") ? file : workspace.root + "/" + file)
            for suffix in ["", "-wal", "-shm", "-journal"] where resolved == ledgerPath + suffix {
                return "the ledger (\(ledgerPath + suffix))"
            }
        }
        for file in ["yidi.toml", ".lock"] where resolved == root + "/" + file { return "the workspace's \(file)" }
        for folder in ["reference", "reference-history", "inbox", "archive", "rejected", "outbox"]
        where resolved == root + "/" + folder || resolved.hasPrefix(root + "/" + folder + "/") {
            return "the workspace's \(folder)/"
        }
        return nil
    }

    /// The first 512 bytes of a file (none if it cannot be read: it is then not taken for yidi's).
    private static func head(of path: String) -> [UInt8] {
        guard case .success(let fd) = FileType.openRegular(path, followLinks: false) else { return Array("?".utf8) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = read(fd, &buffer, buffer.count)
        return n < 0 ? Array("?".utf8) : Array(buffer.prefix(n))
    }
}
