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
            report(.totalMismatch, zh: "medfee_sumamt \(c.total) 不等于明细金额之和 \(lines.sumOfAmounts)",
                   en: "medfee_sumamt \(c.total) is not the sum of the lines \(lines.sumOfAmounts)",
                   line: c.line, field: "medfee_sumamt", expected: lines.sumOfAmounts.description, found: c.total.description)
        }
        var assessed = AssessedClaim(claim: c, lines: lines.classified, categories: lines.sortedCategories,
                                     parts: lines.parts, deductibleBefore: .zero, fundBefore: .zero, share: nil)
        if lines.complete, !c.isInvalid(.total), let grade, let rule, let filing = c.visit.filingType,
           let insutype = c.visit.insuranceType, let medType = c.visit.medicalType {
            let key = AccumulatorKey(personNumber: c.visit.personNumber, insuredArea: c.visit.insuredArea,
                                     insuranceType: insutype, medicalType: medType, diseaseCode: c.visit.diseaseCode,
                                     year: c.visit.endDate.year)
            let earlier = ask((deductible: Amount.zero, fund: Amount.zero)) { () throws(YidiError) in try prior.accumulated(key) }
            let inDrop = claimAccumulators[key] ?? (.zero, .zero)
            assessed.deductibleBefore = earlier.deductible + inDrop.deductible
            assessed.fundBefore = earlier.fund + inDrop.fund
            let share = FundShare.compute(policy: rule, grade: grade, filing: filing, inScope: lines.parts.inScope,
                                          total: c.total, deductibleBefore: assessed.deductibleBefore,
                                          fundBefore: assessed.fundBefore)
            claimAccumulators[key] = (inDrop.deductible + share.deductiblePaid, inDrop.fund + share.fundPayment)
            assessed.share = share
        }
        if isNew && !c.isInvalid(.id) { entries[c.id] = .other }
        sink.claim(assessed)
    }
}
