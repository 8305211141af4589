/// `yidi clear --period M [--date D]`: closes a month and writes its clearing files, from the
/// ledger only. A closed period is immutable: clearing it again rewrites the same bytes.
public struct PeriodClosing {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    /// What `clear` did.
    public struct Result: Sendable {
        public var period: ClearingPeriod
        public var due: DueDates
        /// Whether the period was closed by this command (false: it was closed before; files rewritten).
        public var closedNow: Bool
        public var files: [String]
    }

    /// Closes `period` on `date` (default: today in China).
    ///
    /// - Throws: ``YidiError``: `refused` (65) while the month is not over or an earlier month
    ///   with entries is open, or for a month before the latest closed period that was never
    ///   named (it closed with that period); `config` (78) when the calendar does not cover a
    ///   due date; nothing is written then.
    public func run(period: ClearingPeriod, date: LocalDate?) throws(YidiError) -> Result {
        let ledger = session.ledger
        let reconciliation = try ledger.reconciliation(period)
        if let issued = try ledger.closedPeriod(period) {
            // re-issued as issued: the stored due dates, whatever the calendar says today
            let due = try issued.dueDates(calendar: session.reference.calendar)
            let outcomes = reconciliation == nil ? nil : try ledger.reconOutcomes(period)
            let files = try write(try documents(ledger, period, due, outcomes: outcomes))
            return Result(period: period, due: due, closedNow: false, files: files)
        }
        let issue = try Self.checkMonthEnd(of: period, on: date, ledger: ledger, doing: "closed")
        var outcomes: [ReconOutcome]?
        var increments: [MetricIncrement] = []
        if let reconciliation {
            // reconciliation.md: the provinces' feedback is awaited until feedback_by has passed
            guard reconciliation.feedbackBy < issue else {
                let from = LocalDate(dayNumber: reconciliation.feedbackBy.dayNumber + 1)
                throw YidiError(
                    .refused, zh: "期间 \(period) 已下发对账单，反馈截止 \(reconciliation.feedbackBy)：自 \(from) 起方可清算",
                    en:
                        "period \(period) has a reconciliation whose feedback is open until \(reconciliation.feedbackBy): it can be cleared from \(from)"
                )
            }
            let entries = try ledger.reconEntries(period)
            let decided = ReconciliationDecision.outcomes(entries: entries, feedback: try ledger.latestFeedback(period), period: period)
            outcomes = decided
            increments = Metrics.reconIncrements(candidates: entries.count, outcomes: decided)
        }
        let due = try DueDates(issued: issue, calendar: session.reference.calendar)
        try ledger.closePeriod(period, due: due, outcomes: outcomes ?? [], counted: increments, at: .nowInChina())
        // read back as a re-issue reads it: the first files and every later copy are the same bytes
        let docs = try documents(ledger, period, due, outcomes: outcomes == nil ? nil : try ledger.reconOutcomes(period))
        let files = try write(docs)
        return Result(period: period, due: due, closedNow: true, files: files)
    }

    /// rules.md, Periods: a month is closed (or reconciled: `doing`) once it is over on the issue
    /// date, never before a later closed month, and after every earlier month with entries;
    /// returns the issue date (`date`, or today in China).
    static func checkMonthEnd(
        of period: ClearingPeriod, on date: LocalDate?, ledger: any ClearingLedger,
        doing: String
    ) throws(YidiError) -> LocalDate {
        if let latest = try ledger.latestClosedPeriod(), period < latest {
            throw YidiError(
                .refused, zh: "期间 \(period) 已随 \(latest) 一并关账（最近关账期间及之前的月份均已关账），本身没有清算条目",
                en:
                    "period \(period) closed with \(latest) (the closed months are those up to the latest closed period); it held nothing of its own"
            )
        }
        let issue = date ?? LocalDateTime.nowInChina().date
        guard period.lastDay < issue else {
            let first = LocalDate(dayNumber: period.lastDay.dayNumber + 1)
            throw YidiError(
                .refused, zh: "期间 \(period) 在 \(issue) 尚未结束：自 \(first) 起方可\(doing == "closed" ? "关账" : "对账")",
                en: "period \(period) is not over on \(issue): it can be \(doing) from \(first)")
        }
        if let open = try ledger.firstOpenPeriodWithEntries(before: period) {
            throw YidiError(
                .refused, zh: "期间 \(open) 有清算条目且尚未关账：请先关账该期间（期间按顺序关账）",
                en: "period \(open) holds entries and is still open: close it first (periods close in order)")
        }
        return issue
    }

    /// The files of `period`; `outcomes` (its exclusions and deductions) for a month cleared
    /// with a reconciliation, nil for one cleared without.
    private func documents(
        _ ledger: any ClearingLedger, _ period: ClearingPeriod, _ due: DueDates,
        outcomes: [ReconOutcome]?
    ) throws(YidiError) -> ClearingDocuments {
        ClearingDocuments(
            period: period, due: due, pairs: try ledger.clearingRows(period, byType: false),
            breakdowns: try ledger.clearingRows(period, byType: true), outcomes: outcomes)
    }

    private func write(_ docs: ClearingDocuments) throws(YidiError) -> [String] {
        try docs.checkNets()
        for file in docs.files { try AtomicFile.write(session.workspace.root + "/" + file.path, text: file.text) }
        return docs.files.map(\.path)
    }
}
