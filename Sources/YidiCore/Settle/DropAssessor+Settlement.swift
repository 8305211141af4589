extension DropAssessor {
    public func settlement(_ s: Settlement) {
        context = (s.id, nil)
        let isNew = s.isInvalid(.id) || checkIdentity(s.id, line: s.line, field: "setl_id")
        let visit = checkVisit(s)
        if !s.isInvalid(.settledAt) {
            checkNotAfterCreation(s.settledAt, line: s.line(of: .settledAt), field: "setl_time")
            checkAge(s.settledAt, line: s.line(of: .settledAt), field: "setl_time")
        }
        if !s.isInvalid(.total) { checkRecordAmount(s.amounts.total, line: s.line(of: .total)) }
        let lines = checkLines(s, checkDates: visit.datesUsable)
        let grade = s.isInvalid(.settledAt) ? nil : grade(on: s.settledAt.date, line: s.line(of: .settledAt), field: "setl_time")
        let rule = s.isInvalid(.settledAt) ? nil : policy(for: s, year: s.settledAt.date.year, facts: visit)
        let amountsValid = !Self.amountFields.contains { s.isInvalid($0) }
        var share: FundShare?

        if amountsValid && lines.sumUsable && lines.sumOfAmounts != s.amounts.total {
            report(
                .totalMismatch, zh: "medfee_sumamt \(s.amounts.total) 不等于明细金额之和 \(lines.sumOfAmounts)",
                en: "medfee_sumamt \(s.amounts.total) is not the sum of the lines \(lines.sumOfAmounts)",
                line: s.line, field: "medfee_sumamt", expected: lines.sumOfAmounts.description,
                found: s.amounts.total.description)
        }
        if amountsValid, lines.complete, let grade, let rule, let filing = s.visit.filingType {
            checkCategories(s, recomputed: lines.categories)
            checkParts(s, recomputed: lines.parts)
            let computed = FundShare.compute(
                policy: rule, grade: grade, filing: filing, inScope: lines.parts.inScope,
                total: s.amounts.total, deductibleBefore: s.amounts.deductibleBefore,
                fundBefore: s.amounts.fundBefore)
            reportDifferences(
                .fundMismatch, from: .policy, line: s.line,
                [
                    ("act_pay_dedc", computed.deductiblePaid, s.amounts.deductiblePaid),
                    ("hifp_pay", computed.fundPayment, s.amounts.fundPayment),
                    ("fund_pay_sumamt", computed.fundPayment, s.amounts.allFunds)
                ])
            share = computed
        }
        if amountsValid { checkPersonalPart(s) }
        if !s.isInvalid(.accountPayment), s.visit.insuranceType == .resident, s.amounts.accountPayment > .zero {
            report(
                .accountUnderResident, zh: "城乡居民医保（390）不能使用个人账户支付：acct_pay \(s.amounts.accountPayment)",
                en: "acct_pay \(s.amounts.accountPayment) under resident insurance (390)",
                line: s.line(of: .accountPayment), field: "acct_pay", expected: "0.00",
                found: s.amounts.accountPayment.description)
        }
        if isNew && !s.isInvalid(.id) {
            let a = s.amounts
            entries[s.id] = DropEntry(
                amounts: (Int64(a.total.fen), Int64(a.allFunds.fen), Int64(a.accountPayment.fen)),
                settledAt: s.settledAt.ordinal)
        }
        sink.settlement(
            AssessedSettlement(
                settlement: s, lines: lines.classified, categories: lines.sortedCategories,
                parts: lines.parts, share: share, grade: grade))
    }

    static let amountFields: [Settlement.Field] = [
        .total, .fullySelfPaid, .overCap, .firstSelfPaid, .inScope, .deductiblePaid, .fundPayment, .allFunds,
        .personalPart, .accountPayment, .cashPayment, .deductibleBefore, .fundBefore
    ]

    /// B007: one error per category whose total differs from the real-time summary.
    private func checkCategories(_ s: Settlement, recomputed: CategoryAmounts) {
        var claimed = CategoryAmounts()
        var repeated: UInt16 = 0
        for total in s.categories {
            guard let category = total.category else { return }  // the schema reported it
            if claimed[category] != nil { repeated |= 1 << UInt16(category.number) }
            claimed.add(total.amount, to: category)
        }
        if repeated == 0 && claimed == recomputed { return }
        for category in claimed.union(recomputed) {
            let expected = recomputed[category], found = claimed[category]
            if repeated & (1 << UInt16(category.number)) != 0 {
                report(
                    .categoryMismatch, zh: "费用类别 \(category) 在汇总中出现多次", en: "category \(category) is listed more than once", line: s.line,
                    field: "med_chrgitm_type", expected: expected?.description ?? "none", found: category.rawValue)
            } else if expected != found {
                let sum = expected?.description, summary = found?.description
                report(
                    .categoryMismatch,
                    zh: "费用类别 \(category)：明细合计 \(sum ?? "无")，实时结算汇总为 \(summary ?? "无")",
                    en: "category \(category): the lines add up to \(sum ?? "nothing") but the summary says \(summary ?? "nothing")",
                    line: s.line, field: "amt", expected: expected?.description ?? "none", found: found?.description ?? "none")
            }
        }
    }

    /// B008: one error per payment-scope part that differs.
    private func checkParts(_ s: Settlement, recomputed p: ScopeParts) {
        reportDifferences(
            .scopePartMismatch, from: .catalog, line: s.line,
            [
                ("fulamt_ownpay_amt", p.fullySelfPaid, s.amounts.fullySelfPaid),
                ("overlmt_selfpay", p.overCap, s.amounts.overCap),
                ("preselfpay_amt", p.firstSelfPaid, s.amounts.firstSelfPaid),
                ("inscp_scp_amt", p.inScope, s.amounts.inScope)
            ])
    }

    /// One error per field whose amount in the drop differs from the recomputed one.
    private func reportDifferences(
        _ code: DropErrorCode, from source: Recomputation, line: Int,
        _ checks: [(field: String, expected: Amount, found: Amount)]
    ) {
        for (field, expected, found) in checks where expected != found {
            let zh = source == .catalog ? "按就医地目录由明细重新计算为" : "按参保地政策重新计算为"
            let en =
                source == .catalog
                ? "recomputed from the lines under the treatment place's catalog"
                : "recomputed under the insured place's policy"
            report(
                code, zh: "\(field) \(found) 与\(zh) \(expected) 不一致", en: "\(field) \(found) differs from \(expected), \(en)", line: line,
                field: field, expected: expected.description, found: found.description)
        }
    }

    /// What a drop's figure is compared with.
    private enum Recomputation { case catalog, policy }

    /// B010: `psn_part_amt` = medfee − fund, `acct_pay + psn_cash_pay` = `psn_part_amt`, no negative share.
    private func checkPersonalPart(_ s: Settlement) {
        let a = s.amounts
        let part = a.total - a.allFunds
        if part < .zero {
            report(
                .personalPartMismatch, zh: "fund_pay_sumamt \(a.allFunds) 超过 medfee_sumamt \(a.total)",
                en: "fund_pay_sumamt \(a.allFunds) exceeds medfee_sumamt \(a.total)", line: s.line,
                field: "fund_pay_sumamt", expected: "<= \(a.total)", found: a.allFunds.description)
        } else if a.personalPart != part {
            report(
                .personalPartMismatch, zh: "psn_part_amt \(a.personalPart) 不等于 medfee_sumamt − fund_pay_sumamt = \(part)",
                en: "psn_part_amt \(a.personalPart) is not medfee_sumamt − fund_pay_sumamt = \(part)",
                line: s.line, field: "psn_part_amt", expected: part.description, found: a.personalPart.description)
        }
        if a.accountPayment + a.cashPayment != a.personalPart {
            let cash = a.personalPart - a.accountPayment
            report(
                .personalPartMismatch,
                zh: "acct_pay \(a.accountPayment) + psn_cash_pay \(a.cashPayment) 不等于 psn_part_amt \(a.personalPart)",
                en: "acct_pay \(a.accountPayment) + psn_cash_pay \(a.cashPayment) is not psn_part_amt \(a.personalPart)",
                line: s.line, field: "psn_cash_pay", expected: cash.description, found: a.cashPayment.description)
        }
    }
}
