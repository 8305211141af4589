extension DropAssessor {
    public func claim(_ c: Claim) {
        context = (nil, c.id)
        let isNew = c.isInvalid(.id) || checkIdentity(c.id, line: c.line, field: "claim_id")
        let visit = checkVisit(c)
        let lines = checkLines(c, checkDates: visit.datesUsable)
        let endValid = !c.isInvalid(.endDate)
        if endValid { checkAge(c.visit.endDate, line: c.line(of: .endDate), field: "enddate") }
        if !c.isInvalid(.total) { checkRecordAmount(c.total, line: c.line(of: .total)) }
        let grade = endValid ? grade(on: c.visit.endDate, line: c.line(of: .endDate), field: "enddate") : nil
        let rule = endValid ? policy(for: c, year: c.visit.endDate.year, facts: visit) : nil
        if !c.isInvalid(.total), lines.sumUsable, lines.sumOfAmounts != c.total {
            report(
                .totalMismatch, zh: "medfee_sumamt \(c.total) 不等于明细金额之和 \(lines.sumOfAmounts)",
                en: "medfee_sumamt \(c.total) is not the sum of the lines \(lines.sumOfAmounts)",
                line: c.line, field: "medfee_sumamt", expected: lines.sumOfAmounts.description, found: c.total.description)
        }
        let assessed = AssessedClaim(
            claim: c, lines: lines.classified, categories: lines.sortedCategories,
            parts: lines.parts, deductibleBefore: .zero, fundBefore: .zero, share: nil)
        var inputs: PendingClaim.ShareInputs?
        if lines.complete, !c.isInvalid(.total), let grade, let rule, let filing = c.visit.filingType,
            let insutype = c.visit.insuranceType, let medType = c.visit.medicalType
        {
            let key = AccumulatorKey(
                personNumber: c.visit.personNumber, insuredArea: c.visit.insuredArea,
                insuranceType: insutype, medicalType: medType, diseaseCode: c.visit.diseaseCode,
                year: c.visit.endDate.year)
            inputs = PendingClaim.ShareInputs(key: key, rule: rule, grade: grade, filing: filing)
        }
        if isNew && !c.isInvalid(.id) { entries[c.id] = .other }
        pendingClaims.append(PendingClaim(assessed: assessed, inputs: inputs))
        if pendingClaims.count >= accumulatorBatch { settlePendingClaims() }
    }

    /// Asks the ledger about the accumulators of the waiting claims in one question, then
    /// computes each claim's share in document order (a person's claims in this drop count on
    /// the ones before them) and passes it on.
    func settlePendingClaims() {
        guard !pendingClaims.isEmpty else { return }
        let waiting = pendingClaims
        pendingClaims.removeAll(keepingCapacity: true)
        var keys: [AccumulatorKey] = []
        var seen: Set<AccumulatorKey> = []
        for claim in waiting { if let key = claim.inputs?.key, seen.insert(key).inserted { keys.append(key) } }
        let earlier = keys.isEmpty ? [:] : ask([:]) { () throws(YidiError) in try prior.accumulated(among: keys) }
        for var claim in waiting {
            if let inputs = claim.inputs {
                let before = earlier[inputs.key] ?? (deductible: .zero, fund: .zero)
                let inDrop = claimAccumulators[inputs.key] ?? (.zero, .zero)
                claim.assessed.deductibleBefore = before.deductible + inDrop.deductible
                claim.assessed.fundBefore = before.fund + inDrop.fund
                let share = FundShare.compute(
                    policy: inputs.rule, grade: inputs.grade, filing: inputs.filing,
                    inScope: claim.assessed.parts.inScope, total: claim.assessed.claim.total,
                    deductibleBefore: claim.assessed.deductibleBefore, fundBefore: claim.assessed.fundBefore)
                claimAccumulators[inputs.key] = (inDrop.deductible + share.deductiblePaid, inDrop.fund + share.fundPayment)
                claim.assessed.share = share
            }
            sink.claim(claim.assessed)
        }
    }
}

/// A claim assessed but for its share, waiting for its accumulators to be asked with others
/// (``PriorFacts/accumulatorBatch``).
struct PendingClaim {
    /// What the share is computed from.
    struct ShareInputs {
        var key: AccumulatorKey
        var rule: PolicyRule
        var grade: Int
        var filing: FilingType
    }

    var assessed: AssessedClaim
    /// nil when the claim has no share (an error leaves it without lines, a policy or a grade).
    var inputs: ShareInputs?
}
