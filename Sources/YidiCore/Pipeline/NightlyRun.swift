#if canImport(Glibc)
import Glibc
#endif
import Logging

/// What a run did, for its summary and exit code.
public struct RunSummary: Sendable {
    public var runID: Int64
    public var outcomes: [DropOutcome] = []
    /// Files left in the inbox because they could not be read.
    public var unreadable: [String] = []
    /// A signal stopped the run between drops.
    public var interrupted = false
    /// Outbox entries (file moves, outputs) that failed and stay pending, with their errors.
    public var outboxFailures: [(entry: OutboxEntry, error: YidiError)] = []
    /// The copy of a reference file into `reference-history/` that could not be written (a
    /// full disk): the night went on, and the next run writes it.
    public var historyFailure: YidiError?

    /// operations.md: 0 every drop accepted or a duplicate, 1 one was rejected, 74 a file or output
    /// failed (70 if an output would have overwritten other bytes), 75 interrupted.
    /// Why the run did not do all of its job, for `yidi status` (nil when it did).
    public var failure: String? {
        var reasons: [String] = []
        if !unreadable.isEmpty {
            reasons.append("\(unreadable.count) inbox entr\(unreadable.count == 1 ? "y" : "ies") left unreadable: "
                           + unreadable.prefix(5).map(\.oneLine).joined(separator: ", ") + (unreadable.count > 5 ? ", …" : ""))
        }
        if let first = outboxFailures.first {
            reasons.append("\(outboxFailures.count) output(s) kept pending: \(first.error.message.oneLine)")
        }
        if let historyFailure { reasons.append("reference history not kept: \(historyFailure.message.oneLine)") }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    public var exitCode: Int32 {
        if interrupted { return 75 }
        if outboxFailures.contains(where: { $0.error.kind == .internalError }) { return 70 }
        if !unreadable.isEmpty || !outboxFailures.isEmpty || historyFailure != nil { return 74 }
        return outcomes.contains { $0.attempt.status == .rejected } ? 1 : 0
    }
}

extension RunSummary {
    /// Keeps the latest failure of each outbox entry (an entry retried within a run counts once).
    mutating func noteFailures(_ report: OutboxFlusher.Report) {
        for failure in report.failed {
            outboxFailures.removeAll { $0.entry.id == failure.entry.id }
            outboxFailures.append(failure)
        }
    }
}

/// `yidi run`: every ready drop in `inbox/`, in file-name order, accepted or rejected exactly once.
public struct NightlyRun {
    let session: WorkspaceSession
    /// Called after each drop, for the progress and summary lines.
    let report: (DropOutcome) -> Void
    /// Structured logs: never a name or a full certificate number (none reaches this stage's records).
    let logger: Logger
    /// Counters for a progress display on another thread.
    let progress: RunProgress?

    /// A run over a session whose lock is held.
    public init(session: WorkspaceSession, logger: Logger = Logger(label: "yidi"), progress: RunProgress? = nil,
                report: @escaping (DropOutcome) -> Void) {
        self.session = session
        self.logger = logger
        self.progress = progress
        self.report = report
    }

    /// Processes the inbox.
    ///
    /// - Throws: ``YidiError`` (`io`) when the ledger or an output fails; what was committed stays.
    public func run(command: String = "run") throws(YidiError) -> RunSummary {
        let ledger = session.ledger
        let (runID, historyFailure) = try Self.startRun(session, command: command, logger: logger)
        var summary = RunSummary(runID: runID)
        summary.historyFailure = historyFailure
        logger.info("run started", metadata: ["run_id": "\(runID)", "command": "\(command)"])
        var flusher = OutboxFlusher(ledger: ledger, workspace: session.workspace, language: session.settings.language, logger: logger)
        let shared = session.isShared ? ledger as? any InboxClaims : nil
        if let shared {
            // operations.md: a transaction idle longer than the lease (a paused worker) is ended by the server
            try shared.holdRun(runID, idleLimitSeconds: max(2, ClaimedNight.leaseSeconds))
            let live = try shared.liveRuns()
            // alone, every temporary file is a dead writer's; beside live workers, only old ones
            session.workspace.removeStaleTemporaryFiles(olderThan: live.subtracting([runID]).isEmpty ? nil : 3600)
            flusher.runs = { !live.contains($0) }  // what crashed workers left pending, by one worker
            try shared.ifNobodyElseReplays { () throws(YidiError) in try replay(&flusher, summary: &summary) }
            flusher.runs = { $0 == runID }  // from now on: this worker's own entries
        } else {
            session.workspace.removeStaleTemporaryFiles()
            try replay(&flusher, summary: &summary)  // what a crashed run left pending
        }
        let todo = try dropsToProcess(flusher: flusher, summary: &summary)
        let spool = ProvinceSpool(workspace: session.workspace, runID: runID)
        defer { spool.finish(); spool.removeFiles() }
        flusher.spool = spool
        var processor = try session.dropProcessor(runID: runID, spool: spool)
        processor.progress = progress
        if let shared {
            var night = ClaimedNight(run: self, claims: shared, runID: runID)
            try night.register(todo, processor: processor)
            try night.process(with: processor, flusher: &flusher, summary: &summary)
        } else {
            try process(todo, with: processor, flusher: &flusher, summary: &summary)
        }
        if summary.interrupted { logger.warning("interrupted by a signal: stopping after the current drop") }
        progress?.enter(.outputs)
        spool.finish()
        summary.noteFailures(try flusher.flush())
        if let shared {
            // a worker killed just before this run began can still have looked alive then (its
            // server connection not yet gone): what it left pending is carried out now, not a night later
            try shared.ifNobodyElseReplays { () throws(YidiError) in
                let live = try shared.liveRuns()
                flusher.runs = { !live.contains($0) }
                try replay(&flusher, summary: &summary)
            }
        }
        try Self.finishRun(ledger, runID, exitCode: summary.exitCode, failure: summary.failure)
        logger.info("run finished", metadata: ["run_id": "\(runID)", "drops": "\(summary.outcomes.count)",
                                              "exit_code": "\(summary.exitCode)"])
        return summary
    }

    /// Carries out the outbox entries a crashed run left pending.
    private func replay(_ flusher: inout OutboxFlusher, summary: inout RunSummary) throws(YidiError) {
        let replayed = try flusher.flush()
        if replayed.done > 0 { logger.notice("carried out pending outbox entries", metadata: ["entries": "\(replayed.done)"]) }
        summary.noteFailures(replayed)
    }

    /// Processes the ready drops in order, in groups, with the next drops opened while the
    /// current one is recorded (``ReadAhead``).
    private func process(_ todo: [String], with processor: DropProcessor, flusher: inout OutboxFlusher,
                         summary: inout RunSummary) throws(YidiError) {
        var group = DropGroup()
        var ahead = ReadAhead(todo: todo, processor: processor, inbox: session.workspace.inboxDirectory)
        defer { ahead.abandon() }
        do throws(YidiError) {
            for (i, name) in todo.enumerated() {
                if Interruption.isRequested {
                    summary.interrupted = true
                    break
                }
                let size = Paths.size(of: session.workspace.inboxDirectory + "/" + name)
                if group.isOpen, !group.takes(bytes: size) { try commit(&group, flusher: &flusher, summary: &summary) }
                if !group.isOpen { try group.open(session.ledger) }
                do throws(YidiError) {
                    // the next drops are opened before this one is processed: their reading and
                    // parsing run on the other core while this one is recorded and committed
                    let opened = ahead.take(i)
                    group.add(try processor.process(opened.get()), bytes: size)
                } catch where error.kind == .noInput {
                    logger.warning("drop vanished before it was read", metadata: ["file": "\(name)"])
                    continue  // renamed away while we ran: not ours to process
                } catch where error.kind == .tempFail && Interruption.isRequested {
                    summary.interrupted = true  // the drop was rolled back; it stays in the inbox
                    break
                } catch where error.kind == .unreadable {
                    logger.error("unreadable drop left in the inbox", metadata: ["file": "\(name)", "cause": "\(error.message)"])
                    summary.unreadable.append(name)  // left in place; the rest is processed
                    progress?.finish(acceptedRecords: 0, bytes: size)
                }
                if group.isFull { try commit(&group, flusher: &flusher, summary: &summary) }
            }
            if group.isOpen { try commit(&group, flusher: &flusher, summary: &summary) }
        } catch {
            if group.isOpen { keepCommitted(&group, flusher: &flusher, summary: &summary, after: error) }
            throw error
        }
    }

    /// Commits a group of drops with one sync, then carries out their moves and
    /// acknowledgements (one sync for all of them) and reports each drop.
    private func commit(_ group: inout DropGroup, flusher: inout OutboxFlusher, summary: inout RunSummary) throws(YidiError) {
        let outcomes = try group.commit(ledger: session.ledger)
        summary.noteFailures(try flusher.flush(kinds: [.move, .ack]))
        for outcome in outcomes { finish(outcome, summary: &summary) }
    }

    /// Counts, logs and reports a committed drop.
    func finish(_ outcome: DropOutcome, summary: inout RunSummary) {
        summary.outcomes.append(outcome)
        progress?.finish(acceptedRecords: outcome.attempt.status == .accepted ? outcome.attempt.recordCount : 0,
                         bytes: outcome.compressedBytes)
        Self.log(outcome, to: logger)
        report(outcome)
    }

    /// After a failure: the drops the open group holds were each complete (the failing one was
    /// rolled back), so they are committed; if even that fails, the group is rolled back and
    /// its drops stay in the inbox for the next run.
    private func keepCommitted(_ group: inout DropGroup, flusher: inout OutboxFlusher, summary: inout RunSummary,
                               after error: YidiError) {
        do {
            try commit(&group, flusher: &flusher, summary: &summary)
        } catch let second {
            logger.error("the drops before the failure could not be committed either: the next run processes them again",
                         metadata: ["failure": "\(error.message)", "cause": "\(second.message)"])
            do { try session.ledger.rollbackGroup() } catch {
                // the command fails with `error` anyway, and closing the connection undoes the group too
                logger.error("rolling the group back failed", metadata: ["cause": "\(error.message)"])
            }
        }
    }

    /// The inbox's drops to process, in order: irregular entries are counted unreadable and left,
    /// files whose move is still pending were processed already and are not drops again.
    private func dropsToProcess(flusher: OutboxFlusher, summary: inout RunSummary) throws(YidiError) -> [String] {
        let inbox = try readyDrops()
        for entry in inbox.irregular {
            logger.warning("inbox entry left in place: \(entry.why)", metadata: ["file": "\(entry.name)"])
            summary.unreadable.append(entry.name)
        }
        let stillMoving = try flusher.pendingInboxSources()
        let todo = inbox.ready.filter { !stillMoving.contains($0) }
        progress?.plan(drops: todo.count, bytes: todo.reduce(Int64(0)) { $0 + Paths.size(of: session.workspace.inboxDirectory + "/" + $1) })
        return todo
    }

    /// One log line per drop: ids, counts and codes only.
    static func log(_ o: DropOutcome, to logger: Logger) {
        let a = o.attempt
        var metadata: Logger.Metadata = [
            "drop_id": "\(a.dropID ?? "-")", "attempt": "\(a.attempt)", "file": "\(a.fileName)", "status": "\(a.status.rawValue)",
            "records": "\(a.recordCount)", "lines": "\(a.lineCount)", "errors": "\(a.errorCount)",
        ]
        if let first = o.errors.first { metadata["first_error"] = "\(first.code)@\(first.line ?? 0)" }
        if a.status == .rejected { logger.warning("drop rejected", metadata: metadata) } else { logger.info("drop \(a.status.rawValue)", metadata: metadata) }
    }

    /// The inbox's drops: final names `*.xml.gz`, no leading dot, in byte order of the name.
    /// Only regular files are ready; a symlink, FIFO, socket, device or folder under such a name
    /// is never opened (a FIFO would block, a symlink's target could vanish from the archive).
    func readyDrops() throws(YidiError) -> (ready: [String], irregular: [(name: String, why: String)]) {
        let inbox = session.workspace.inboxDirectory
        guard let entries = Paths.entries(of: inbox) else { throw YidiError(.io, "\(inbox): \(String(cString: strerror(errno)))") }
        var names: [String] = []
        var irregular: [(name: String, why: String)] = []
        for entry in entries where entry.hasDropName {
            if !entry.isUTF8 {
                // its name cannot be kept in the ledger or an acknowledgement as it is: left for the
                // operator to rename, counted like an unreadable file every run until then
                irregular.append((entry.name, "its name is not UTF-8 (rename it to process it)"))
            } else if entry.type == .regular {
                names.append(entry.name)
            } else {
                irregular.append((entry.name, "not a regular file but a \(entry.type)"))
            }
        }
        let byName = { (a: String, b: String) in a.utf8.lexicographicallyPrecedes(b.utf8) }
        return (names.sorted(by: byName), irregular.sorted { byName($0.name, $1.name) })
    }

    /// Records a run with the hashes of its reference files, each version kept in
    /// `reference-history/` first so that what the run accepts stays explainable. A copy that
    /// cannot be written (a full disk) does not stop the night: it is returned, to be reported
    /// (74), and written by the next run.
    static func startRun(_ session: WorkspaceSession, command: String,
                         logger: Logger) throws(YidiError) -> (id: Int64, historyFailure: YidiError?) {
        var failure: YidiError?
        do {
            try ReferenceHistory.keep(session.reference, directory: session.workspace.referenceDirectory, in: session.workspace)
        } catch where error.kind == .io || error.kind == .unreadable {
            logger.error("reference history not kept; the next run writes it", metadata: ["cause": "\(error.message)"])
            failure = error
        }
        let id = try session.ledger.startRun(command: command, startedAt: .nowInChina(), referenceHashes: session.reference.fileHashes)
        session.runID = id
        return (id, failure)
    }

    static func finishRun(_ ledger: any Ledger, _ id: Int64, exitCode: Int32, failure: String? = nil) throws(YidiError) {
        try ledger.finishRun(id, finishedAt: .nowInChina(), exitCode: exitCode, failure: failure)
    }
}
