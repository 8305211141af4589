import Logging

/// What a writing command holds: the lock, the checked settings and reference data, the ledger.
public final class WorkspaceSession {
    public let workspace: Workspace
    public let settings: Settings
    public let reference: ReferenceData
    /// The ledger, held for the command (``WorkspaceLedger/hold(for:)``).
    let ledger: any WorkspaceLedger
    /// The workspace lock (SQLite); with PostgreSQL the ledger's advisory locks take its place.
    private let lock: WorkspaceLock?
    /// The run this command started, if any (``NightlyRun/startRun(_:command:logger:)``).
    var runID: Int64?

    /// Takes the lock (75 if held), loads and checks `yidi.toml` and `reference/` (78), opens the
    /// ledger. With a PostgreSQL ledger there is no workspace lock: `run` workers share the
    /// ledger (claims), and every other command refuses (75) while a run works on it.
    public init(root: String, command: CommandKind = .run) throws(YidiError) {
        workspace = Workspace(root: root)
        guard Paths.exists(root + "/reference") else {
            throw YidiError(
                .config, zh: "\(root) 不是工作区（没有 reference/）：请用 yidi init 创建",
                en: "\(root) is not a workspace (no reference/): create one with yidi init")
        }
        settings = try Settings.load(path: workspace.settingsFile)
        if case .sqlite = settings.ledger { lock = try WorkspaceLock(workspace: workspace, command: command.name) } else { lock = nil }
        do {
            reference = try ReferenceData.load(directory: workspace.referenceDirectory)
        } catch {
            Self.record(refusal: error, of: command, workspace: workspace, settings: settings)
            throw error
        }
        try MetricsFile.checkWritable(workspace: workspace, settings: settings)
        ledger = try settings.ledger.open(in: workspace)
        try ledger.hold(for: command)
    }

    /// A command refused for broken reference data is recorded where the operator looks: a run
    /// (for `run` and `reprocess`) ended with the exit status and the reason, the command's
    /// outcome in the ledger and in `metrics/yidi.prom`. Done as far as it can be: a ledger that
    /// does not exist yet is not created for it (the workspace is left as it was), and a ledger
    /// that cannot be opened, or metrics that cannot be written, leave the refusal on stderr only.
    private static func record(refusal: YidiError, of command: CommandKind, workspace: Workspace, settings: Settings) {
        let now = LocalDateTime.nowInChina()
        if case .sqlite(let relative) = settings.ledger {
            let path = relative.hasPrefix("/") ? relative : workspace.root + "/" + relative
            guard Paths.exists(path) else { return }
        }
        do {
            let ledger = try settings.ledger.open(in: workspace)
            if command.processesDrops {
                let id = try ledger.startRun(command: command.name, startedAt: now, referenceHashes: [])
                try ledger.finishRun(id, finishedAt: now, exitCode: refusal.kind.exitCode, failure: refusal.message.oneLine)
            }
            let outcome = CommandOutcome(
                command: command.name, exitCode: refusal.kind.exitCode, lastSuccess: nil, finishedAt: now,
                durationMilliseconds: 0)
            try MetricsFile.write(ledger: ledger, workspace: workspace, settings: settings, adding: outcome)
            try ledger.recordCommand(outcome)
        } catch {
            Logger(label: "yidi").error("the refusal could not be recorded", metadata: ["cause": "\(error.message)"])
        }
    }

    /// The inbox claims when several workers may share this session's ledger (instead of the lock).
    var sharedClaims: (any InboxClaims)? { lock == nil ? ledger.inboxClaims : nil }

    /// The processor of run `runID`'s drops, whose accepted records go on to `spool`.
    func dropProcessor(runID: Int64, spool: ProvinceSpool) throws(YidiError) -> DropProcessor {
        var processor = DropProcessor(
            workspace: workspace, ledger: ledger, reference: reference, limits: settings.limits,
            runID: runID, today: LocalDateTime.nowInChina().date,
            latestClosedPeriod: try ledger.latestFrozenPeriod())
        processor.spool = spool
        return processor
    }

    /// Ends a command that started at `start` with `exitCode`, whether it did its job or was
    /// refused: writes the metrics file (outputs.md: after every command but `validate`) with
    /// the command's outcome in it, then records that outcome (and whether it counts as
    /// success: `run` and `reprocess` succeed with 0 or 1, the others with 0). A metrics file
    /// that cannot be written makes the command's status 74, and 74 is what is recorded, in the
    /// outcome and on the command's run: the ledger never says 0 where the process returns 74.
    ///
    /// - Parameter failure: why the command failed when it ended with an error: a run it started
    ///   and could not finish itself is finished with it, so that `yidi status` says why.
    public func finish(command: CommandKind, exitCode: Int32, since start: ContinuousClock.Instant, failure: YidiError? = nil)
        throws(YidiError)
    {
        if let runID, let failure, try ledger.run(id: runID)?.finishedAt == nil {
            try ledger.finishRun(runID, finishedAt: .nowInChina(), exitCode: exitCode, failure: failure.message.oneLine)
        }
        let elapsed = ContinuousClock.now - start
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let now = LocalDateTime.nowInChina()
        func outcome(_ code: Int32) -> CommandOutcome {
            CommandOutcome(
                command: command.name, exitCode: code, lastSuccess: command.didItsJob(code) ? now : nil, finishedAt: now,
                durationMilliseconds: milliseconds)
        }
        do {
            try MetricsFile.write(ledger: ledger, workspace: workspace, settings: settings, adding: outcome(exitCode))
        } catch  where error.kind == .io || error.kind == .config {
            let failed = outcome(error.kind.exitCode)
            if let runID, exitCode == 0 || exitCode == 1 {
                try ledger.finishRun(runID, finishedAt: now, exitCode: failed.exitCode, failure: error.message.oneLine)
            }
            try ledger.recordCommand(failed)
            throw error
        }
        try ledger.recordCommand(outcome(exitCode))
    }

    /// Opens the ledger for a command that only reads it (`status`, `explain`, `report`):
    /// nothing is created or written, so it works on a read-only copy of a workspace.
    public static func openLedgerForReading(_ location: LedgerLocation, workspace: Workspace) throws(YidiError) -> any RecordLedger {
        // a folder that is not a workspace is said so, and left as it was (no ledger, no metrics)
        guard Paths.exists(workspace.referenceDirectory) else {
            throw YidiError(
                .noInput, zh: "\(workspace.root) 不是工作区（没有 reference/）：请用 yidi init 创建",
                en: "\(workspace.root) is not a workspace (no reference/): create one with yidi init")
        }
        return try location.openForReading(in: workspace)
    }

    /// Opens the ledger a workspace's settings name, without the lock or the reference data.
    public static func openLedger(_ location: LedgerLocation, workspace: Workspace) throws(YidiError) -> any RecordLedger {
        try location.open(in: workspace)
    }

    /// `yidi ledger copy`: this session's ledger copied into `target`, checked row by row.
    public func copyLedger(to target: LedgerLocation) throws(YidiError) -> LedgerCopy.Report {
        try LedgerCopy(source: ledger).run(to: target, workspace: workspace)
    }
}
