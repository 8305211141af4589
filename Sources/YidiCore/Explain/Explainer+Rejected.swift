/// A rejected settlement or claim, explained from its latest attempt's reading: the stored
/// drop file read again under the reference files that attempt's run recorded.
extension Explainer {
    func explainRejected(id: String, attempt: AttemptRecord) throws(YidiError) -> Explanation {
        let errors = try ledger.errors(attemptID: attempt.id).filter { $0.setlID == id || $0.claimID == id }
        let picker = RecordPicker(id: id)
        let path = workspace.root + "/" + attempt.storedPath
        if Paths.exists(path) {
            // only the record is picked from this reading: its errors are the ledger's
            let limits = DropLimits()
            let assessor = DropAssessor(reference: reference, limits: limits, prior: AccumulatorsToday(ledger: ledger), sink: picker)
            _ = try DropPipeline(limits: limits).run(path: path, handler: assessor)
            assessor.finish()
            if let failure = picker.failure { throw failure }
        }
        var explanation: Explanation
        if let record = picker.record {
            let stored = StoredRecord(
                element: record.element, seq: Int64.max, attemptID: attempt.id, runID: attempt.runID,
                year: picker.year, reversedBy: nil, record: record)
            var reading = self
            reading.holder = "the drop says"
            explanation = try reading.explain(stored)
        } else {
            // the file is gone or no longer holds the record: what the ledger knows is the errors
            explanation = Explanation(
                element: errors.first?.claimID == id ? RecordLayout.claim.element : RecordLayout.settlement.element, id: id,
                accepted: false, facts: [], place: [], lines: [], categories: [], sums: [], grade: nil, policy: nil, cut: nil,
                accumulators: [], accumulatorEntries: [], formulas: [], result: [], reversal: nil, references: versions,
                differences: ["the record could not be read again from \(attempt.storedPath)"], errors: [])
        }
        explanation.accepted = false
        explanation.result = []
        explanation.errors = errors
        explanation.place = [
            ("drop_id", attempt.dropID ?? attempt.dropKey),
            (
                "attempt",
                "\(attempt.attempt) (\(attempt.fileName), received \(attempt.receivedAt), rejected, kept as \(attempt.storedPath))"
            ),
            ("run", String(attempt.runID))
        ]
        explanation.origin = Explanation.Origin(
            dropID: attempt.dropID ?? attempt.dropKey, attempt: attempt,
            run: try ledger.run(id: attempt.runID), period: nil)
        return explanation
    }
}

/// Catches one record of a drop being read again, as the ledger would have recorded it.
private final class RecordPicker: AssessedDropSink {
    let id: String
    var header: DropHeader?
    var record: ProvinceFileRecord?
    var year = 0
    var failure: YidiError?

    init(id: String) { self.id = id }

    func header(_ header: DropHeader, institution: Institution?) { self.header = header }

    func settlement(_ a: AssessedSettlement) {
        guard record == nil, a.settlement.id == id, let h = header else { return }
        let date = a.settlement.settledAt.date
        year = date.year
        record = .settlement(
            a, dropID: h.dropID, institution: h.institutionCode, treatmentArea: h.treatmentArea,
            period: ClearingPeriod(date))
    }

    func reversal(_ reversal: AssessedReversal) {}
    func feedback(_ line: AcceptedFeedback) {}

    func claim(_ a: AssessedClaim) {
        guard record == nil, a.claim.id == id, let h = header else { return }
        year = a.claim.visit.endDate.year
        let share = a.share ?? FundShare(deductiblePaid: .zero, fundPayment: .zero, personalPart: a.claim.total)
        record = ProvinceFileRecord.claim(
            a, share: share, dropID: h.dropID, institution: h.institutionCode,
            treatmentArea: h.treatmentArea)
    }

    func report(_ error: DropError) {}
    func ledgerFailed(_ error: YidiError) { failure = failure ?? error }
}

/// The accumulators of a rejected claim as the ledger holds them today (every accepted record
/// of its accumulator); nothing else of the ledger is consulted when a rejected drop is read again.
private struct AccumulatorsToday: PriorFacts {
    let ledger: any RecordLedger
    var knowsEarlierDrops: Bool { false }
    func isAccepted(id: String) -> Bool { false }
    func settlement(id: String) -> SettlementSummary? { nil }
    func feedbackWindow(_ period: ClearingPeriod) -> FeedbackWindow { .open }
    func reconCandidate(_ setlID: String, period: ClearingPeriod) -> CandidateFacts? { nil }
    func accumulated(_ key: AccumulatorKey) throws(YidiError) -> (deductible: Amount, fund: Amount) {
        try ledger.accumulatorEntries(key, before: .max).reduce((Amount.zero, Amount.zero)) { ($0.0 + $1.deductible, $0.1 + $1.fund) }
    }
}
