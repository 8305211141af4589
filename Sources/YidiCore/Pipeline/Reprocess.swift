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
            if attempts.isEmpty { throw YidiError(.noInput, zh: "账本中没有数据包 \(dropID)", en: "no drop \(dropID) in the ledger") }
            let accepted = attempts.first { $0.status == .accepted }?.attempt ?? 0
            throw YidiError(
                .refused, zh: "数据包 \(dropID) 未被拒收：第 \(accepted) 次上传已被接收",
                en: "drop \(dropID) is not rejected: it was accepted as attempt \(accepted)")
        }
        if attempts.contains(where: { $0.status == .accepted }) {
            throw YidiError(
                .refused, zh: "数据包 \(dropID) 未被拒收：其某次上传已被接收", en: "drop \(dropID) is not rejected: an attempt of it was accepted")
        }
        guard latest.storedPath.hasPrefix("rejected/"), Paths.exists(session.workspace.root + "/" + latest.storedPath) else {
            throw YidiError(
                .noInput, zh: "数据包 \(dropID) 第 \(latest.attempt) 次上传的文件缺失（\(latest.storedPath)）",
                en: "the file of drop \(dropID) attempt \(latest.attempt) is missing (\(latest.storedPath))")
        }
        let (runID, historyFailure) = try NightlyRun.startRun(session, command: "reprocess \(dropID)", logger: Logger(label: "yidi"))
        var flusher = OutboxFlusher(ledger: ledger, workspace: session.workspace, language: session.settings.language)
        var summary = RunSummary(runID: runID)
        summary.historyFailure = historyFailure
        summary.noteFailures(try flusher.flush())
        let spool = ProvinceSpool(workspace: session.workspace, runID: runID)
        defer {
            spool.finish()
            spool.removeFiles()
        }
        flusher.spool = spool
        let processor = try session.dropProcessor(runID: runID, spool: spool)
        summary.outcomes.append(try processor.process(source: latest.storedPath, fileName: latest.fileName))
        spool.finish()
        summary.noteFailures(try flusher.flush())
        try NightlyRun.finishRun(ledger, runID, exitCode: summary.exitCode, failure: summary.failure)
        return summary
    }
}
