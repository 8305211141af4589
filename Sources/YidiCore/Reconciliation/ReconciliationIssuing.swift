import Logging

/// `yidi recon --period M [--date D]` (reconciliation.md): issues a month's reconciliation —
/// freezes its candidate set and writes one statement per province holding a role in a
/// candidate. Issued again, before or after the month is cleared, it rewrites the same bytes.
public struct ReconciliationIssuing {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    /// What `recon` did.
    public struct Result: Sendable {
        public var reconciliation: Reconciliation
        /// Whether this command issued it (false: issued before; statements rewritten).
        public var issuedNow: Bool
        public var candidates: Int
        public var files: [String]
    }

    /// Issues `period`'s reconciliation on `date` (default: today in China).
    ///
    /// - Throws: ``YidiError``: `refused` (65) while the month is not over or an earlier month
    ///   with entries is open, or for a month closed without a reconciliation; `config` (78)
    ///   when the calendar does not cover `feedback_by`; nothing is written then.
    public func run(period: ClearingPeriod, date: LocalDate?) throws(YidiError) -> Result {
        let ledger = session.ledger
        if let issued = try ledger.reconciliation(period) {
            // re-issued from the ledger: the stored dates and candidates, the same bytes
            let entries = try ledger.reconEntries(period)
            var statements = ReconciliationStatements(ledger: ledger)
            let provinces = ReconciliationStatement.provinces(entries)
            for province in provinces { try statements.write(period: period, province: province, in: session.workspace) }
            return Result(reconciliation: issued, issuedNow: false, candidates: entries.count, files: paths(period, provinces))
        }
        if try ledger.closedPeriod(period) != nil {
            throw YidiError(
                .refused, zh: "期间 \(period) 已在未对账的情况下清算：其清算结果保持不变",
                en: "period \(period) was cleared without a reconciliation: its clearing stands as issued")
        }
        let issue = try PeriodClosing.checkMonthEnd(of: period, on: date, ledger: ledger, doing: "reconciled")
        let feedbackBy = try session.reference.calendar.nextWorkingDay(after: issue, session.settings.feedbackDays)
        let reconciliation = Reconciliation(period: period, issueDate: issue, feedbackBy: feedbackBy)
        // the statements are outbox entries of a run of their own: written now, and by the next
        // command that replays the outbox if this one stops before
        let logger = Logger(label: "yidi")
        let (runID, _) = try NightlyRun.startRun(session, command: "recon", logger: logger)
        try ledger.issueReconciliation(reconciliation, runID: runID, at: .nowInChina())
        var flusher = OutboxFlusher(ledger: ledger, workspace: session.workspace, language: session.settings.language, logger: logger)
        flusher.runs = { $0 == runID }
        let report = try flusher.flush(kinds: [.recon])
        try NightlyRun.finishRun(ledger, runID, exitCode: report.failed.isEmpty ? 0 : 74)
        if let failed = report.failed.first {
            throw YidiError(.io, "\(report.failed.count) statement(s) kept pending (the next run writes them): \(failed.error.message)")
        }
        let entries = try ledger.reconEntries(period)
        return Result(
            reconciliation: reconciliation, issuedNow: true, candidates: entries.count,
            files: paths(period, ReconciliationStatement.provinces(entries)))
    }

    private func paths(_ period: ClearingPeriod, _ provinces: [String]) -> [String] {
        provinces.map { "outbox/recon/\(period)/RECON_\($0)_\(period).xml.gz" }
    }
}
