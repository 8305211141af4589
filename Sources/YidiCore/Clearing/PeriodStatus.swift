/// What `yidi status --period M` shows of a month: whether it is closed (and how issued), its
/// pairs, and its reconciliation if one was issued.
public struct PeriodStatus: Sendable {
    public var period: ClearingPeriod
    /// How the month was issued when it was closed by name.
    public var issued: Issue?
    /// The later period it closed with (rules.md: the closed months are those up to the latest closed period).
    public var closedWith: ClearingPeriod?
    public var pairs: [ClearingRow]
    public var reconciliation: ReconciliationState?

    /// A month's reconciliation as far as it has come.
    public struct ReconciliationState: Sendable {
        public var issueDate: LocalDate
        public var feedbackBy: LocalDate
        public var candidates: Int
        /// Candidates that the latest feedback excludes (after clearing: those excluded).
        public var excluded: Int
        /// Included candidates with a deduction.
        public var deducted: Int
        /// Candidates neither excluded nor deducted.
        public var confirmed: Int { candidates - excluded - deducted }
        /// Provinces holding a role in a candidate that sent no accepted feedback.
        public var silentProvinces: [String]
    }

    /// Reads the month from the ledger.
    public static func read(_ ledger: any Ledger, period: ClearingPeriod) throws(YidiError) -> PeriodStatus {
        let clearing = try clearingLedger(ledger)
        let issued = try clearing.closedPeriod(period)
        let closedWith = try issued == nil ? clearing.latestClosedPeriod().flatMap { period < $0 ? $0 : nil } : nil
        var status = PeriodStatus(
            period: period, issued: issued, closedWith: closedWith,
            pairs: try clearing.clearingRows(period, byType: false))
        if let r = try clearing.reconciliation(period) {
            let entries = try clearing.reconEntries(period)
            let outcomes =
                issued == nil
                ? ReconciliationDecision.outcomes(
                    entries: entries, feedback: try clearing.latestFeedback(period),
                    period: period)
                : try clearing.reconOutcomes(period)
            let provinces = Set(entries.flatMap { [$0.insuredProvince, $0.treatmentProvince] })
            let answered = try clearing.feedbackProvinces(period)
            status.reconciliation = ReconciliationState(
                issueDate: r.issueDate, feedbackBy: r.feedbackBy, candidates: entries.count,
                excluded: outcomes.filter { $0.state == .excluded }.count, deducted: outcomes.filter { $0.state == .deducted }.count,
                silentProvinces: provinces.subtracting(answered).sorted())
        }
        return status
    }
}

/// The ledger's clearing questions: both ledgers answer them (the one place that says so).
func clearingLedger(_ ledger: any Ledger) throws(YidiError) -> any ClearingLedger {
    guard let clearing = ledger as? any ClearingLedger else {
        throw YidiError(.internalError, "this ledger cannot answer clearing questions")
    }
    return clearing
}
