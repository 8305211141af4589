/// What a writing command holds: the lock, the checked settings and reference data, the ledger.
public final class WorkspaceSession {
    public let workspace: Workspace
    public let settings: Settings
    public let reference: ReferenceData
    public let ledger: any Ledger
    private let lock: WorkspaceLock

    /// Takes the lock (75 if held), loads and checks `yidi.toml` and `reference/` (78), opens the ledger.
    public init(root: String) throws(YidiError) {
        workspace = Workspace(root: root)
        guard Paths.exists(root + "/reference") else {
            throw YidiError(.config, "\(root) is not a workspace (no reference/): create one with yidi init")
        }
        lock = try WorkspaceLock(workspace: workspace)
        settings = try Settings.load(path: workspace.settingsFile)
        reference = try ReferenceData.load(directory: workspace.referenceDirectory)
        try MetricsFile.checkWritable(workspace: workspace, setting: settings.metrics)
        ledger = try Self.openLedger(settings.ledger, workspace: workspace)
    }

    /// The processor of run `runID`'s drops, whose accepted records go on to `spool`.
    func dropProcessor(runID: Int64, spool: ProvinceSpool) -> DropProcessor {
        var processor = DropProcessor(workspace: workspace, ledger: ledger, reference: reference, limits: settings.limits,
                                      runID: runID, today: LocalDateTime.nowInChina().date)
        processor.spool = spool
        return processor
    }

    /// Writes the metrics file after a command that started at `start`.
    public func writeMetrics(since start: ContinuousClock.Instant) throws(YidiError) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        try MetricsFile.write(ledger: ledger, workspace: workspace, setting: settings.metrics, durationSeconds: seconds)
    }

    /// Opens the ledger a workspace's settings name, without the lock or the reference data
    /// (for reading commands such as `status`). A missing or empty ledger is created only in a
    /// workspace without history (``LedgerGuard``, 78 otherwise).
    public static func openLedger(_ setting: String, workspace: Workspace) throws(YidiError) -> any Ledger {
        if setting.hasPrefix("sqlite:") {
            let relative = String(setting.dropFirst("sqlite:".count))
            let path = relative.hasPrefix("/") ? relative : workspace.root + "/" + relative
            let presence = LedgerGuard.presence(of: path)
            try LedgerGuard.checkMayCreate(path, presence: presence, workspace: workspace)
            return try SQLiteLedger(path: path)
        }
        if setting.hasPrefix("postgres://") || setting.hasPrefix("postgresql://") {
            throw YidiError(.config, "ledger \(setting): the PostgreSQL ledger is not part of this build; use sqlite:PATH")
        }
        throw YidiError(.config, "ledger \(setting): expected sqlite:PATH or postgres://…")
    }
}
