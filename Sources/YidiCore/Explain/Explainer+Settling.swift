/// The settlement rules with their numbers (rules.md, "Settling under the insured place's policy").
extension Explainer {
    /// The policy row's key and values as `policies.csv` names them.
    static func values(of rule: PolicyRule) -> [(name: String, value: String)] {
        [
            ("insu_admdvs", rule.insuredArea), ("insutype", rule.insuranceType.rawValue), ("med_type", rule.medicalType.rawValue),
            ("dise_codg", rule.diseaseCode ?? ""), ("year", String(rule.year)), ("dedc", Figures.amount(rule.deductible)),
            ("dedc_scope", rule.deductibleScope.rawValue), ("ratio_lv1", Figures.ratio(rule.ratios[0])),
            ("ratio_lv2", Figures.ratio(rule.ratios[1])), ("ratio_lv3", Figures.ratio(rule.ratios[2])),
            ("annual_cap", Figures.amount(rule.annualCap)), ("cut_referral", Figures.ratio(rule.cutReferral)),
            ("cut_emergency", Figures.ratio(rule.cutEmergency)), ("cut_other", Figures.ratio(rule.cutOther)),
            ("cut_unfiled", Figures.ratio(rule.cutUnfiled))
        ]
    }

    /// The cut a filing type takes off the ratio.
    static func cutStep(_ rule: PolicyRule, _ filing: FilingType) -> Explanation.Step {
        let column: String? =
            switch filing {
            case .resident: nil
            case .referral: "cut_referral"
            case .emergency: "cut_emergency"
            case .otherTemporary: "cut_other"
            case .unfiled: "cut_unfiled"
            }
        return .init(
            name: "cut", formula: column.map { "\($0) (filing_type \(filing.rawValue))" } ?? "filing_type 1: none",
            value: Figures.ratio(rule.cut(for: filing)))
    }

    /// Each formula with its numbers, recomputed from the policy row, the grade and the
    /// accumulators; where the result differs from the ledger, `differences` says so.
    func settling(
        _ stored: StoredRecord, rule: PolicyRule, grade: Int, filing: FilingType,
        differences: inout [String]
    ) -> [Explanation.Step] {
        let inScope = stored.amount("inscp_scp_amt"), total = stored.amount("medfee_sumamt")
        let deductibleBefore = stored.amount("cum_dedc_before"), fundBefore = stored.amount("cum_fund_before")
        let share = FundShare.compute(
            policy: rule, grade: grade, filing: filing, inScope: inScope, total: total,
            deductibleBefore: deductibleBefore, fundBefore: fundBefore)
        let a = Figures.amount
        let left = rule.deductibleScope == .visit ? rule.deductible : Amount.max(.zero, rule.deductible - deductibleBefore)
        let level = max(1, min(3, grade))
        let ratio = rule.ratio(forGrade: grade).cut(by: rule.cut(for: filing))
        let raw = (inScope - share.deductiblePaid).multiplied(by: ratio)
        var steps: [Explanation.Step] = [
            rule.deductibleScope == .visit
                ? .init(name: "dedc_left", formula: "dedc (dedc_scope visit)", value: a(left))
                : .init(
                    name: "dedc_left", formula: "max(0, dedc − cum_dedc_before) = max(0, \(a(rule.deductible)) − \(a(deductibleBefore)))",
                    value: a(left)),
            .init(
                name: "act_pay_dedc", formula: "min(inscp_scp_amt, dedc_left) = min(\(a(inScope)), \(a(left)))",
                value: a(share.deductiblePaid)),
            .init(
                name: "ratio",
                formula:
                    "max(0, ratio_lv\(level) − cut) = max(0, \(Figures.ratio(rule.ratios[level - 1])) − \(Figures.ratio(rule.cut(for: filing))))",
                value: Figures.ratio(ratio)),
            .init(
                name: "fund_raw",
                formula:
                    "round2((inscp_scp_amt − act_pay_dedc) × ratio) = round2((\(a(inScope)) − \(a(share.deductiblePaid))) × \(Figures.ratio(ratio))) = "
                    + Figures.product(inScope - share.deductiblePaid, ratio),
                value: a(raw)),
            .init(
                name: "hifp_pay",
                formula:
                    "min(fund_raw, max(0, annual_cap − cum_fund_before)) = min(\(a(raw)), max(0, \(a(rule.annualCap)) − \(a(fundBefore))))",
                value: a(share.fundPayment))
        ]
        let isClaim = stored.element == RecordLayout.claim.element
        if isClaim {
            steps.append(.init(name: "reim_amt", formula: "hifp_pay", value: a(share.fundPayment)))
            steps.append(
                .init(
                    name: "psn_part_amt", formula: "medfee_sumamt − hifp_pay = \(a(total)) − \(a(share.fundPayment))",
                    value: a(share.personalPart)))
        } else {
            let account = stored.amount("acct_pay")
            steps += [
                .init(name: "fund_pay_sumamt", formula: "hifp_pay", value: a(share.fundPayment)),
                .init(
                    name: "psn_part_amt", formula: "medfee_sumamt − fund_pay_sumamt = \(a(total)) − \(a(share.fundPayment))",
                    value: a(share.personalPart)),
                .init(name: "acct_pay", formula: "the personal account's share of psn_part_amt, as the drop split it", value: a(account)),
                .init(
                    name: "psn_cash_pay", formula: "psn_part_amt − acct_pay = \(a(share.personalPart)) − \(a(account))",
                    value: a(share.personalPart - account)),
                .init(
                    name: "clr_amt", formula: "fund_pay_sumamt + acct_pay = \(a(share.fundPayment)) + \(a(account))",
                    value: a(share.fundPayment + account))
            ]
        }
        for (name, computed) in [
            ("act_pay_dedc", share.deductiblePaid), ("hifp_pay", share.fundPayment),
            ("psn_part_amt", share.personalPart)
        ] where computed != stored.amount(name) {
            differences.append("\(name): the rows above give \(a(computed)), \(holder) \(a(stored.amount(name)))")
        }
        return steps
    }

    /// The accumulators: a settlement's as it carried them (the insured place's real-time
    /// values); a claim's as the sums of the earlier records of its accumulator.
    func accumulators(_ stored: StoredRecord, into explanation: inout Explanation, differences: inout [String]) throws(YidiError) {
        let deductible = stored.amount("cum_dedc_before"), fund = stored.amount("cum_fund_before")
        guard stored.element == RecordLayout.claim.element else {
            explanation.accumulators = [
                .init(
                    name: "cum_dedc_before", formula: "as the settlement carried it (the insured place's real-time value)",
                    value: Figures.amount(deductible)),
                .init(
                    name: "cum_fund_before", formula: "as the settlement carried it (the insured place's real-time value)",
                    value: Figures.amount(fund))
            ]
            return
        }
        guard let insutype = InsuranceType(rawValue: stored.text("insutype")),
            let medType = MedicalType(rawValue: stored.text("med_type"))
        else { return }
        let disease = stored.text("dise_codg")
        let key = AccumulatorKey(
            personNumber: stored.text("psn_no"), insuredArea: stored.text("insu_admdvs"), insuranceType: insutype,
            medicalType: medType, diseaseCode: disease.isEmpty ? nil : disease, year: stored.year)
        let entries = try ledger.accumulatorEntries(key, before: stored.seq)
        let sums = entries.reduce((Amount.zero, Amount.zero)) { ($0.0 + $1.deductible, $0.1 + $1.fund) }
        let of =
            "of the \(entries.count) earlier record\(entries.count == 1 ? "" : "s") of psn_no, insu_admdvs, insutype, med_type"
            + (medType == .chronicDisease ? ", dise_codg" : "") + " in \(stored.year)"
        explanation.accumulatorEntries = entries
        func sum(_ amounts: [Amount]) -> String { amounts.isEmpty ? "" : " = " + Figures.sum(amounts) }
        explanation.accumulators = [
            .init(
                name: "cum_dedc_before", formula: "Σ act_pay_dedc \(of)" + sum(entries.map(\.deductible)),
                value: Figures.amount(deductible)),
            .init(name: "cum_fund_before", formula: "Σ hifp_pay \(of)" + sum(entries.map(\.fund)), value: Figures.amount(fund))
        ]
        if sums.0 != deductible || sums.1 != fund {
            differences.append(
                "the earlier records add up to \(Figures.amount(sums.0)) and \(Figures.amount(sums.1)); the claim was assessed with \(Figures.amount(deductible)) and \(Figures.amount(fund))"
            )
        }
    }
}
