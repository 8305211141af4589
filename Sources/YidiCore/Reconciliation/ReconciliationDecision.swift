/// reconciliation.md, Clearing: what the latest feedback lines decide for each candidate. An
/// entry is excluded when the latest line of either role says `cnfm_flag` 0 (and carried into
/// the next month); otherwise it is included, and deducted when the treatment role's latest
/// line carries a `dedc_amt`. Silence confirms.
enum ReconciliationDecision {
    static func outcomes(entries: [ReconEntry], feedback: [FeedbackLine], period: ClearingPeriod) -> [ReconOutcome] {
        var latest: [String: [ReconRole: FeedbackLine]] = [:]
        for line in feedback { latest[line.setlID, default: [:]][line.role] = line }
        var outcomes: [ReconOutcome] = []
        for entry in entries {
            guard let lines = latest[entry.setlID] else { continue }
            // the insured role's exclusion is named when both roles excluded
            if let refusal = [ReconRole.insured, .treatment].lazy.compactMap({ lines[$0] }).first(where: { !$0.confirmed }) {
                outcomes.append(
                    ReconOutcome(
                        setlID: entry.setlID, state: .excluded, role: refusal.role, reason: refusal.reason,
                        clearing: entry.clearing, insuredProvince: entry.insuredProvince,
                        treatmentProvince: entry.treatmentProvince, carriedTo: period.next))
            } else if let deduction = lines[.treatment]?.deduction {
                outcomes.append(
                    ReconOutcome(
                        setlID: entry.setlID, state: .deducted, clearing: entry.clearing, deduction: deduction,
                        deductionReason: lines[.treatment]?.deductionReason,
                        insuredProvince: entry.insuredProvince, treatmentProvince: entry.treatmentProvince))
            }
        }
        return outcomes
    }
}
