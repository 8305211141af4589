/// Writes `metrics/yidi.prom` (or the file `yidi.toml` names) atomically from the ledger.
public enum MetricsFile {
    /// Writes the metrics; `setting` "" writes none.
    public static func write(ledger: any Ledger, workspace: Workspace, setting: String, durationSeconds: Double) throws(YidiError) {
        guard !setting.isEmpty else { return }
        let text: String
        do {
            let times = try ledger.runTimes()
            text = Metrics.render(counters: try ledger.counters(), runDurationSeconds: durationSeconds,
                                  lastSuccess: times.lastSuccess?.unixTime, outboxPending: try ledger.pendingOutbox().count)
        } catch {
            throw YidiError.ledger(error)
        }
        try AtomicFile.write(setting.hasPrefix("/") ? setting : workspace.root + "/" + setting, existing: .replace, text: text)
    }
}
