import Logging

/// Carries out the ledger's pending outbox entries: writes acknowledgements and moves drop
/// files. Replaying an entry is harmless, so a crash between commit and file is repaired by
/// the next run.
///
/// One entry that cannot be carried out (a name too long, another file system, a full disk,
/// a target that holds other bytes) never stops the others: it stays pending with its error,
/// counted in the metrics and shown by `yidi status`, and is retried at every later run.
struct OutboxFlusher {
    let ledger: any Ledger
    let workspace: Workspace
    let logger: Logger
    /// The language of the acknowledgements' messages (`language` of yidi.toml).
    let language: Language
    /// The current run's spooled province files, if any (finished before the last flush).
    var spool: ProvinceSpool?
    /// Entries that failed earlier in this command: retried at the next command, not after
    /// every drop of this one.
    private var failedBefore: Set<Int64> = []
    /// Whose entries this flusher carries out (several workers: each its own run's, and the
    /// entries of runs whose worker died); nil: every entry.
    var runs: ((Int64) -> Bool)?

    /// What a flush left undone.
    struct Report {
        /// Entries carried out.
        var done = 0
        /// Entries that failed this time, with their errors (they stay pending).
        var failed: [(entry: OutboxEntry, error: YidiError)] = []
    }

    init(ledger: any Ledger, workspace: Workspace, language: Language, logger: Logger = Logger(label: "yidi")) {
        self.ledger = ledger
        self.workspace = workspace
        self.language = language
        self.logger = logger
    }

    /// Carries out every pending entry of `kinds`, oldest first, then makes them durable at
    /// once (one ``SyncBatch``: a sync per file system rather than per file and folder) and
    /// marks them done in one ledger transaction. A crash before that leaves them pending:
    /// carrying one out again is harmless.
    ///
    /// - Throws: ``YidiError`` when the ledger fails or the files cannot be synced (then none
    ///   is marked done); an entry that fails is reported.
    @discardableResult
    mutating func flush(kinds: Set<OutboxEntry.Kind> = [.ack, .move, .settlement, .reimbursement, .recon]) throws(YidiError) -> Report {
        let pending = try ledger.pendingOutbox()
        var report = Report()
        var done: [OutboxEntry] = []
        let batch = SyncBatch()
        let selected = pending.filter { kinds.contains($0.kind) && !failedBefore.contains($0.id) && runs?($0.runID) != false }
        // the attempts of the drops' acknowledgements and moves, read together (nothing changes
        // an attempt while a flush carries out its entries); one missing is nil
        let read = try ledger.attempts(ids: Array(Set(selected.compactMap(\.task.attemptID))))
        let attempts = Dictionary(read.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var statements = ReconciliationStatements(ledger: ledger)
        for entry in selected {
            do throws(YidiError) {
                switch entry.task {
                case .move(let attempt, let from, let to): try move(attempt: attempts[attempt], from: from, to: to, batch: batch)
                case .acknowledge(let attempt): try writeAck(attempt: attempts[attempt], batch: batch)
                case .settlementFile(let province), .reimbursementFile(let province):
                    try ProvinceFile(kind: entry.kind, runID: entry.runID, province: province)
                        .write(ledger: ledger, workspace: workspace, spool: spool)
                case .reconStatement(let period, let province):
                    try statements.write(period: period, province: province, in: workspace)
                }
                try FaultInjection.check("outbox \(entry.id)")
            } catch  where error.kind == .tempFail || error.kind == .config {
                throw error  // a locked ledger, an interruption: the whole command stops
            } catch {
                logger.error(
                    "outbox entry kept pending",
                    metadata: [
                        "entry": "\(entry.id)", "kind": "\(entry.kind.rawValue)", "failures": "\(entry.failures + 1)",
                        "cause": "\(error.message)"
                    ])
                try ledger.recordFailure(entry, error: error.description, at: .nowInChina())
                report.failed.append((entry, error))
                failedBefore.insert(entry.id)
                continue
            }
            done.append(entry)
        }
        try batch.sync()
        try FaultInjection.check("outbox synced")
        try ledger.markDone(done, at: .nowInChina())
        report.done = done.count
        return report
    }

    /// The inbox files that pending moves still have to take away (not drops to process again).
    func pendingInboxSources() throws(YidiError) -> Set<String> {
        Set(
            try ledger.pendingOutbox().compactMap { entry in
                guard case .move(_, let source, _) = entry.task, source.hasPrefix("inbox/") else { return nil }
                return Paths.name(of: source)
            })
    }

    /// Moves the file its attempt read, and only that file: a file that has since arrived
    /// under the same name (other size or SHA-256) is a new drop and is left for processing.
    private func move(attempt: AttemptRecord?, from source: String, to target: String, batch: SyncBatch) throws(YidiError) {
        let from = workspace.root + "/" + source, to = workspace.root + "/" + target
        guard Paths.isTaken(from) else {
            // moved before a crash, or gone: nothing left to do but the sync the crash may have prevented
            if Paths.isTaken(to) { batch.touchMove(of: from, to: to) }
            return
        }
        if let attempt, try FileHash.sha256(of: from, followLinks: false, failure: .io) != attempt.sha256 {
            logger.warning(
                "a different file now has the name of a processed drop: left as a new drop",
                metadata: [
                    "file": "\(source)", "attempt": "\(attempt.attempt)", "drop_id": "\(attempt.dropID ?? "-")"
                ])
            return
        }
        try Paths.move(from, to: to, batch: batch)
    }

    private func writeAck(attempt: AttemptRecord?, batch: SyncBatch) throws(YidiError) {
        guard let attempt else { return }
        // an attempt without errors has none listed: no need to ask the ledger
        let errors = attempt.errorCount == 0 ? [] : try ledger.errors(attemptID: attempt.id)
        let ack = Acknowledgement(attempt: attempt, errors: errors, language: language)
        try AtomicFile.write(workspace.root + "/" + ack.relativePath, batch: batch, text: ack.xml)
    }
}
