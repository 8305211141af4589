import Logging

/// `yidi reprocess DROP_ID`: a run of one drop, the file of its latest rejected attempt
/// processed again as a new attempt against today's reference data.
public struct Reprocess {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    /// Reprocesses `dropID`.
    ///
    /// - Throws: ``YidiError``: `noInput` (66) for an unknown drop or a missing file, `refused` (65)
    ///   for a drop that is not rejected (nothing is written then).
    public func run(dropID: String) throws(YidiError) -> RunSummary {
        let ledger = session.ledger
        let attempts = try ledger.attempts(dropKey: dropID)
        guard let latest = attempts.last(where: { $0.status == .rejected }) else {
            if attempts.isEmpty { throw YidiError(.noInput, "no drop \(dropID) in the ledger") }
            throw YidiError(.refused, "drop \(dropID) is not rejected: it was accepted as attempt \(attempts.first { $0.status == .accepted }?.attempt ?? 0)")
        }
        if attempts.contains(where: { $0.status == .accepted }) {
            throw YidiError(.refused, "drop \(dropID) is not rejected: an attempt of it was accepted")
        }
        guard latest.storedPath.hasPrefix("rejected/"), Paths.exists(session.workspace.root + "/" + latest.storedPath) else {
            throw YidiError(.noInput, "the file of drop \(dropID) attempt \(latest.attempt) is missing (\(latest.storedPath))")
        }
        let (runID, historyFailure) = try NightlyRun.startRun(session, command: "reprocess \(dropID)", logger: Logger(label: "yidi"))
        var flusher = OutboxFlusher(ledger: ledger, workspace: session.workspace, language: session.settings.language)
        var summary = RunSummary(runID: runID)
        summary.historyFailure = historyFailure
        summary.noteFailures(try flusher.flush())
        let spool = ProvinceSpool(workspace: session.workspace, runID: runID)
        defer { spool.finish(); spool.removeFiles() }
        flusher.spool = spool
        let processor = try session.dropProcessor(runID: runID, spool: spool)
        summary.outcomes.append(try processor.process(source: latest.storedPath, fileName: latest.fileName))
        spool.finish()
        summary.noteFailures(try flusher.flush())
        try NightlyRun.finishRun(ledger, runID, exitCode: summary.exitCode, failure: summary.failure)
        return summary
    }
}
