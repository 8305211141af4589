/// The records of the province files built from what a drop's transaction records, field for
/// field as ``SQLiteLedger`` reads them back: the night's spool renders these while the drop
/// streams, and a crashed night's files are rendered from the ledger; both give the same bytes.
extension ProvinceFileRecord {
    /// A `setl` as recorded.
    static func settlement(_ a: AssessedSettlement, dropID: String, institution: String, treatmentArea: String,
                           period: ClearingPeriod) -> ProvinceFileRecord {
        let s = a.settlement, v = s.visit, m = s.amounts
        var fields: [(name: String, value: FileValue)] = [("setl_id", .text(s.id)), ("drop_id", .text(dropID)),
                                                          ("fixmedins_code", .text(institution)), ("mdtrt_admdvs", .text(treatmentArea))]
        fields.reserveCapacity(30)
        appendPerson(v, to: &fields)
        if let disease = v.diseaseCode { fields.append(("dise_codg", .text(disease))) }
        fields += [("filing_type", .text(v.filingType?.rawValue ?? "")), ("begndate", .text(v.beginDate.description)),
                   ("enddate", .text(v.endDate.description)), ("setl_time", .text(s.settledAt.description)),
                   ("period", .text(period.description))]
        let amounts: [(String, Amount)] = [
            ("medfee_sumamt", m.total), ("fulamt_ownpay_amt", m.fullySelfPaid), ("overlmt_selfpay", m.overCap),
            ("preselfpay_amt", m.firstSelfPaid), ("inscp_scp_amt", m.inScope), ("act_pay_dedc", m.deductiblePaid),
            ("hifp_pay", m.fundPayment), ("fund_pay_sumamt", m.allFunds), ("psn_part_amt", m.personalPart),
            ("acct_pay", m.accountPayment), ("psn_cash_pay", m.cashPayment), ("cum_dedc_before", m.deductibleBefore),
            ("cum_fund_before", m.fundBefore), ("clr_amt", m.clearingAmount),
        ]
        for (name, amount) in amounts { fields.append((name, .amount(amount))) }
        return ProvinceFileRecord(element: "setl", fields: fields, categories: categories(a.categories),
                                  lines: lines(s.lines, a.lines))
    }

    /// A `setl_revs` as recorded: the original's amounts, negated.
    static func reversal(_ a: AssessedReversal, original: SettlementSummary, dropID: String,
                         period: ClearingPeriod) -> ProvinceFileRecord {
        let r = a.reversal
        return ProvinceFileRecord(element: "setl_revs", fields: [
            ("setl_id", .text(r.id)), ("orig_setl_id", .text(original.id)), ("drop_id", .text(dropID)),
            ("revs_time", .text(r.reversedAt.description)), ("period", .text(period.description)),
            ("medfee_sumamt", .amount(-original.total)), ("fund_pay_sumamt", .amount(-original.allFunds)),
            ("acct_pay", .amount(-original.accountPayment)), ("clr_amt", .amount(-original.clearingAmount)),
        ])
    }

    /// A `claim` as recorded, with the reimbursement the fund pays.
    static func claim(_ a: AssessedClaim, share: FundShare, dropID: String, institution: String,
                      treatmentArea: String) -> ProvinceFileRecord {
        let c = a.claim, v = c.visit
        var fields: [(name: String, value: FileValue)] = [("claim_id", .text(c.id)), ("drop_id", .text(dropID)),
                                                          ("fixmedins_code", .text(institution)), ("mdtrt_admdvs", .text(treatmentArea))]
        appendPerson(v, to: &fields)
        if let disease = v.diseaseCode { fields.append(("dise_codg", .text(disease))) }
        fields += [("diag_name", .text(c.diagnosisName)), ("filing_type", .text(v.filingType?.rawValue ?? "")),
                   ("fail_reason", .text(c.failReason?.rawValue ?? "")), ("begndate", .text(v.beginDate.description)),
                   ("enddate", .text(v.endDate.description))]
        let amounts: [(String, Amount)] = [
            ("medfee_sumamt", c.total), ("fulamt_ownpay_amt", a.parts.fullySelfPaid), ("overlmt_selfpay", a.parts.overCap),
            ("preselfpay_amt", a.parts.firstSelfPaid), ("inscp_scp_amt", a.parts.inScope),
            ("cum_dedc_before", a.deductibleBefore), ("cum_fund_before", a.fundBefore),
            ("act_pay_dedc", share.deductiblePaid), ("hifp_pay", share.fundPayment), ("reim_amt", share.fundPayment),
            ("psn_part_amt", share.personalPart),
        ]
        for (name, amount) in amounts { fields.append((name, .amount(amount))) }
        return ProvinceFileRecord(element: "claim", fields: fields, categories: categories(a.categories),
                                  lines: lines(c.lines, a.lines))
    }

    private static func appendPerson(_ v: Visit, to fields: inout [(name: String, value: FileValue)]) {
        fields += [("psn_no", .text(v.personNumber)), ("psn_name", .text(v.personName)), ("certno", .text(v.certificateNumber)),
                   ("insu_admdvs", .text(v.insuredArea)), ("insutype", .text(v.insuranceType?.rawValue ?? "")),
                   ("med_type", .text(v.medicalType?.rawValue ?? ""))]
    }

    private static func categories(_ totals: [(category: ExpenseCategory, amount: Amount)]) -> [(category: String, amount: Amount)] {
        totals.map { ($0.category.rawValue, $0.amount) }
    }

    /// The classified lines, in document order (an accepted drop has every line classified).
    private static func lines(_ lines: [FeeLine], _ classified: [ClassifiedLine?]) -> [FeeLineEntry] {
        var out: [FeeLineEntry] = []
        out.reserveCapacity(lines.count)
        for (i, line) in lines.enumerated() {
            guard i < classified.count, let c = classified[i] else { continue }
            out.append(FeeLineEntry(serialNumber: line.serialNumber, occurredAt: line.occurredAt,
                                    hospitalItemCode: line.hospitalItemCode, nationalCode: c.nationalCode,
                                    category: c.category.rawValue, itemClass: c.itemClass.rawValue,
                                    quantityText: line.quantityText, unitPriceText: line.unitPriceText,
                                    amount: line.amount, parts: c.parts))
        }
        return out
    }
}
