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
        let ledger = try clearingLedger(session.ledger)
        if let issued = try ledger.reconciliation(period) {
            let entries = try ledger.reconEntries(period)
            return Result(reconciliation: issued, issuedNow: false, candidates: entries.count, files: try write(issued, entries))
        }
        if try ledger.closedPeriod(period) != nil {
            throw YidiError(.refused, "period \(period) was cleared without a reconciliation: its clearing stands as issued")
        }
        if let latest = try ledger.latestClosedPeriod(), period < latest {
            throw YidiError(.refused, "period \(period) closed with \(latest): it has nothing left to reconcile")
        }
        let issue = date ?? LocalDateTime.nowInChina().date
        guard period.lastDay < issue else {
            let first = LocalDate(dayNumber: period.lastDay.dayNumber + 1)
            throw YidiError(.refused, "period \(period) is not over on \(issue): it can be reconciled from \(first)")
        }
        if let open = try ledger.firstOpenPeriodWithEntries(before: period) {
            throw YidiError(.refused, "period \(open) holds entries and is still open: clear it first (periods close in order)")
        }
        let feedbackBy = try session.reference.calendar.nextWorkingDay(after: issue, session.settings.feedbackDays)
        let reconciliation = Reconciliation(period: period, issueDate: issue, feedbackBy: feedbackBy)
        try ledger.issueReconciliation(reconciliation, at: .nowInChina())
        let entries = try ledger.reconEntries(period)
        return Result(reconciliation: reconciliation, issuedNow: true, candidates: entries.count, files: try write(reconciliation, entries))
    }

    private func write(_ r: Reconciliation, _ entries: [ReconEntry]) throws(YidiError) -> [String] {
        let statements = ReconciliationStatement.all(r, entries)
        for s in statements { try GzipText.write(session.workspace.root + "/" + s.path, text: s.text) }
        return statements.map(\.path)
    }
}
