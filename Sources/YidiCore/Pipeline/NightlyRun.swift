import Logging

#if canImport(Glibc)
    import Glibc
#endif

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
    public init(
        session: WorkspaceSession, logger: Logger = Logger(label: "yidi"), progress: RunProgress? = nil,
        report: @escaping (DropOutcome) -> Void
    ) {
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
        var started = RunSummary(runID: runID)
        started.historyFailure = historyFailure
        logger.info("run started", metadata: ["run_id": "\(runID)", "command": "\(command)"])
        let flusher = OutboxFlusher(ledger: ledger, workspace: session.workspace, language: session.settings.language, logger: logger)
        let shared = session.sharedClaims
        var state = NightState(
            summary: started, flusher: flusher, ownRuns: shared == nil ? nil : { $0 == runID },
            logger: logger, progress: progress, report: report)
        if let shared {
            // operations.md: a transaction idle longer than the lease (a paused worker) is ended by the server
            try shared.holdRun(runID, idleLimitSeconds: max(2, ClaimedNight.leaseSeconds))
            let live = try shared.liveRuns()
            // alone, every temporary file is a dead writer's; beside live workers, only old ones
            session.workspace.removeStaleTemporaryFiles(olderThan: live.subtracting([runID]).isEmpty ? nil : 3600)
            // what crashed workers left pending, carried out by one worker
            try shared.ifNobodyElseReplays { () throws(YidiError) in try state.replayPending(of: { !live.contains($0) }) }
        } else {
            session.workspace.removeStaleTemporaryFiles()
            try state.replayPending()  // what a crashed run left pending
        }
        let inbox = try readyDrops()
        for entry in inbox.irregular {
            logger.warning("inbox entry left in place: \(entry.why)", metadata: ["file": "\(entry.name)"])
            state.leftUnreadable(entry.name)
        }
        let todo = try dropsToProcess(inbox.ready, stillMoving: state.pendingInboxSources())
        let spool = ProvinceSpool(workspace: session.workspace, runID: runID)
        defer {
            spool.finish()
            spool.removeFiles()
        }
        state.write(provinceFilesFrom: spool)
        var processor = try session.dropProcessor(runID: runID, spool: spool)
        processor.progress = progress
        if let shared {
            var night = ClaimedNight(run: self, claims: shared, runID: runID, state: state)
            try night.register(todo, processor: processor)
            try night.process(with: processor)
            state = night.state
        } else {
            var night = GroupedNight(run: self, state: state)
            try night.process(todo, with: processor)
            state = night.state
        }
        if state.summary.interrupted { logger.warning("interrupted by a signal: stopping after the current drop") }
        progress?.enter(.outputs)
        spool.finish()
        try state.carryOutAll()
        if let shared {
            // a worker killed just before this run began can still have looked alive then (its
            // server connection not yet gone): what it left pending is carried out now, not a night later
            try shared.ifNobodyElseReplays { () throws(YidiError) in
                let live = try shared.liveRuns()
                try state.replayPending(of: { !live.contains($0) })
            }
        }
        let summary = state.summary
        try Self.finishRun(ledger, runID, exitCode: summary.exitCode, failure: summary.failure)
        logger.info(
            "run finished",
            metadata: [
                "run_id": "\(runID)", "drops": "\(summary.outcomes.count)",
                "exit_code": "\(summary.exitCode)"
            ])
        return summary
    }

    /// The ready drops to process, in order: files whose move is still pending were processed
    /// already and are not drops again.
    private func dropsToProcess(_ ready: [String], stillMoving: Set<String>) -> [String] {
        let todo = ready.filter { !stillMoving.contains($0) }
        progress?.plan(drops: todo.count, bytes: todo.reduce(Int64(0)) { $0 + Paths.size(of: session.workspace.inboxDirectory + "/" + $1) })
        return todo
    }

    /// One log line per drop: ids, counts and codes only.
    static func log(_ o: DropOutcome, to logger: Logger) {
        let a = o.attempt
        var metadata: Logger.Metadata = [
            "drop_id": "\(a.dropID ?? "-")", "attempt": "\(a.attempt)", "file": "\(a.fileName)", "status": "\(a.status.rawValue)",
            "records": "\(a.recordCount)", "lines": "\(a.lineCount)", "errors": "\(a.errorCount)"
        ]
        if let first = o.errors.first { metadata["first_error"] = "\(first.code)@\(first.line ?? 0)" }
        if a.status == .rejected {
            logger.warning("drop rejected", metadata: metadata)
        } else {
            logger.info("drop \(a.status.rawValue)", metadata: metadata)
        }
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
    static func startRun(
        _ session: WorkspaceSession, command: String,
        logger: Logger
    ) throws(YidiError) -> (id: Int64, historyFailure: YidiError?) {
        var failure: YidiError?
        do {
            try ReferenceHistory.keep(session.reference, directory: session.workspace.referenceDirectory, in: session.workspace)
        } catch  where error.kind == .io || error.kind == .unreadable {
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
