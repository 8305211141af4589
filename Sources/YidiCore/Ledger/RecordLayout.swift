/// The fields of a `setl`, `setl_revs` or `claim` in a province's file, in the order of
/// `docs/outputs.md`, described once: the spool renders them from an assessed record
/// (``ProvinceFileRecord``), the ledger stores them under the same column names and reads
/// them back in this order, so both give the same bytes.
struct RecordLayout: Sendable {
    /// One field of the file.
    struct Field: Sendable {
        /// The element name in the file, and the ledger's column unless `column` says otherwise.
        let name: String
        let isAmount: Bool
        /// The ledger column it is read from when that is not `name` (`reim_amt` is `hifp_pay`).
        let column: String?
        /// Read back negated: a reversal stores the original's amounts as they were.
        let negated: Bool

        init(_ name: String, amount: Bool = false, column: String? = nil, negated: Bool = false) {
            self.name = name
            self.isAmount = amount
            self.column = column
            self.negated = negated
        }

        /// Whether the ledger keeps it in a column of its own name.
        var isStored: Bool { column == nil }
    }

    /// `setl`, `setl_revs` or `claim`.
    let element: String
    let fields: [Field]

    /// The names of the stored fields, in order: the columns a record's insert binds after the
    /// ledger's own.
    var storedNames: [String] { fields.filter(\.isStored).map(\.name) }

    private static let person = ["psn_no", "psn_name", "certno", "insu_admdvs", "insutype", "med_type"].map { Field($0) }

    /// A settlement: who, where, when, then the fourteen amounts of the settlement rules.
    static let settlement = RecordLayout(
        element: "setl",
        fields: ["setl_id", "drop_id", "fixmedins_code", "mdtrt_admdvs"].map { Field($0) } + person
            + ["dise_codg", "filing_type", "begndate", "enddate", "setl_time", "period"].map { Field($0) }
            + [
                "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt", "act_pay_dedc",
                "hifp_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay", "cum_dedc_before", "cum_fund_before",
                "clr_amt"
            ].map { Field($0, amount: true) })

    /// A reversal: the original's amounts, negated.
    static let reversal = RecordLayout(
        element: "setl_revs",
        fields: ["setl_id", "orig_setl_id", "drop_id", "revs_time", "period"].map { Field($0) }
            + ["medfee_sumamt", "fund_pay_sumamt", "acct_pay", "clr_amt"].map { Field($0, amount: true, negated: true) })

    /// A manual-reimbursement claim, with what the fund pays (`reim_amt`, the fund payment).
    static let claim = RecordLayout(
        element: "claim",
        fields: ["claim_id", "drop_id", "fixmedins_code", "mdtrt_admdvs"].map { Field($0) } + person
            + ["dise_codg", "diag_name", "filing_type", "fail_reason", "begndate", "enddate"].map { Field($0) }
            + [
                "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt", "cum_dedc_before",
                "cum_fund_before", "act_pay_dedc", "hifp_pay"
            ].map { Field($0, amount: true) }
            + [Field("reim_amt", amount: true, column: "hifp_pay"), Field("psn_part_amt", amount: true)])

    /// Every field name that holds an amount in any record or fee line.
    static let amountNames: Set<String> = Set([settlement, reversal, claim].flatMap { $0.fields.filter(\.isAmount).map(\.name) })
        .union(["det_item_fee_sumamt", "overlmt_amt"])
}

/// A record's values in its layout's order (nil: an optional field that is absent).
typealias RecordValues = [FileValue?]

extension RecordLayout {
    /// A settlement's values as recorded.
    static func values(
        of a: AssessedSettlement, dropID: String, institution: String, treatmentArea: String,
        period: ClearingPeriod
    ) -> RecordValues {
        let s = a.settlement, v = s.visit, m = s.amounts
        var values: RecordValues = [.text(s.id), .text(dropID), .text(institution), .text(treatmentArea)]
        values.reserveCapacity(30)
        values += personValues(v)
        values += [
            v.diseaseCode.map { .text($0) }, .text(v.filingType?.rawValue ?? ""), .text(v.beginDate.description),
            .text(v.endDate.description), .text(s.settledAt.description), .text(period.description)
        ]
        for amount in [
            m.total, m.fullySelfPaid, m.overCap, m.firstSelfPaid, m.inScope, m.deductiblePaid, m.fundPayment,
            m.allFunds, m.personalPart, m.accountPayment, m.cashPayment, m.deductibleBefore, m.fundBefore,
            m.clearingAmount
        ] { values.append(.amount(amount)) }
        return values
    }

    /// A reversal's values as recorded: the original's amounts as they were (the layout negates
    /// them in the file).
    static func values(of a: AssessedReversal, original: SettlementSummary, dropID: String, period: ClearingPeriod) -> RecordValues {
        let r = a.reversal
        return [
            .text(r.id), .text(original.id), .text(dropID), .text(r.reversedAt.description), .text(period.description),
            .amount(original.total), .amount(original.allFunds), .amount(original.accountPayment),
            .amount(original.clearingAmount)
        ]
    }

    /// A claim's values as recorded, with the reimbursement the fund pays.
    static func values(
        of a: AssessedClaim, share: FundShare, dropID: String, institution: String,
        treatmentArea: String
    ) -> RecordValues {
        let c = a.claim, v = c.visit
        var values: RecordValues = [.text(c.id), .text(dropID), .text(institution), .text(treatmentArea)]
        values += personValues(v)
        values += [
            v.diseaseCode.map { .text($0) }, .text(c.diagnosisName), .text(v.filingType?.rawValue ?? ""),
            .text(c.failReason?.rawValue ?? ""), .text(v.beginDate.description), .text(v.endDate.description)
        ]
        for amount in [
            c.total, a.parts.fullySelfPaid, a.parts.overCap, a.parts.firstSelfPaid, a.parts.inScope,
            a.deductibleBefore, a.fundBefore, share.deductiblePaid, share.fundPayment, share.fundPayment,
            share.personalPart
        ] { values.append(.amount(amount)) }
        return values
    }

    private static func personValues(_ v: Visit) -> RecordValues {
        [
            .text(v.personNumber), .text(v.personName), .text(v.certificateNumber), .text(v.insuredArea),
            .text(v.insuranceType?.rawValue ?? ""), .text(v.medicalType?.rawValue ?? "")
        ]
    }

    /// The file's fields of a record's values: absent optional fields left out, amounts negated
    /// where the layout says so.
    func fileFields(_ values: RecordValues) -> [(name: String, value: FileValue)] {
        precondition(values.count == fields.count, "\(element): \(values.count) values for \(fields.count) fields")
        var out: [(name: String, value: FileValue)] = []
        out.reserveCapacity(fields.count)
        for (field, value) in zip(fields, values) {
            guard let value else { continue }
            if field.negated, case .amount(let a) = value {
                out.append((field.name, .amount(-a)))
            } else {
                out.append((field.name, value))
            }
        }
        return out
    }
}
