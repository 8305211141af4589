#if canImport(Glibc)
    import Glibc
#endif

/// Writes `metrics/yidi.prom` (or the file `yidi.toml` names) atomically from the ledger.
public enum MetricsFile {
    /// Checks, before a command does anything, that the metrics file can be written where
    /// `yidi.toml` puts it (78 otherwise): a night's metrics are not lost to a typo found at 2 a.m.
    static func checkWritable(workspace: Workspace, settings: Settings) throws(YidiError) {
        guard let path = path(workspace: workspace, settings: settings) else { return }
        try check(path, workspace: workspace, settings: settings)
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

    /// Writes the metrics from the ledger, with `outcome` counted as if it were recorded
    /// already (it is recorded once the file is written: ``WorkspaceSession/finish``); a
    /// `metrics` setting of "" writes none.
    public static func write(
        ledger: any Ledger, workspace: Workspace, settings: Settings,
        adding outcome: CommandOutcome? = nil
    ) throws(YidiError) {
        guard let path = path(workspace: workspace, settings: settings) else { return }
        try check(path, workspace: workspace, settings: settings)
        var counters = try ledger.counters()
        var commands = try ledger.commandOutcomes()
        if let outcome {
            let exit = outcome.exitIncrement
            if let i = counters.firstIndex(where: { $0.name == exit.name && $0.labels == exit.labels }) {
                counters[i].value += exit.value
            } else {
                counters.append(exit)
            }
            var recorded = outcome
            if let i = commands.firstIndex(where: { $0.command == outcome.command }) {
                recorded.lastSuccess = outcome.lastSuccess ?? commands[i].lastSuccess
                commands[i] = recorded
            } else {
                commands.append(recorded)
            }
        }
        let text = Metrics.render(
            counters: counters, commands: commands, outboxPending: try ledger.pendingOutbox().count,
            backlog: InboxBacklog.read(workspace))
        try AtomicFile.write(path, existing: .replace, text: text)
    }

    /// The file `metrics` names, nil for none.
    private static func path(workspace: Workspace, settings: Settings) -> String? {
        let setting = settings.metrics
        guard !setting.isEmpty else { return nil }
        return setting.hasPrefix("/") ? setting : workspace.root + "/" + setting
    }

    /// A `metrics` setting never names the ledger, the workspace's state or a file yidi did not
    /// write (78: the setting is wrong, not the night).
    private static func check(_ path: String, workspace: Workspace, settings: Settings) throws(YidiError) {
        try OwnedFile.check(path, in: workspace, ledger: settings.ledger, signature: .metrics, replacing: true, kind: .config)
    }
}
