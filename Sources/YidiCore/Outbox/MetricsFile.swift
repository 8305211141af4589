#if canImport(Glibc)
import Glibc
#endif

/// Writes `metrics/yidi.prom` (or the file `yidi.toml` names) atomically from the ledger.
public enum MetricsFile {
    /// Checks, before a command does anything, that the metrics file can be written where
    /// `yidi.toml` puts it (78 otherwise): a night's metrics are not lost to a typo found at 2 a.m.
    static func checkWritable(workspace: Workspace, setting: String) throws(YidiError) {
        guard !setting.isEmpty else { return }
        let path = setting.hasPrefix("/") ? setting : workspace.root + "/" + setting
        let folder = Paths.folder(of: path)
        do throws(YidiError) { try Paths.makeFolders(folder) } catch {
            throw YidiError(.config, "metrics \(path) cannot be written: \(error.message)")
        }
        var info = stat()
        if lstat(path, &info) == 0, FileType(mode: info.st_mode) != .regular {
            throw YidiError(.config, "metrics \(path) cannot be written: it is a \(FileType(mode: info.st_mode))")
        }
        guard access(folder, W_OK) == 0 else {
            throw YidiError(.config, "metrics \(path) cannot be written: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes the metrics from the ledger; `setting` "" writes none.
    public static func write(ledger: any Ledger, workspace: Workspace, setting: String) throws(YidiError) {
        guard !setting.isEmpty else { return }
        let text = Metrics.render(counters: try ledger.counters(), commands: try ledger.commandOutcomes(),
                                  outboxPending: try ledger.pendingOutbox().count)
        try AtomicFile.write(setting.hasPrefix("/") ? setting : workspace.root + "/" + setting, existing: .replace, text: text)
    }
}
