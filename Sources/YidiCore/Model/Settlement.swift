/// One directly settled visit (`setl`) with its real-time answer and its detail.
public struct Settlement: Sendable {
    /// `setl_id`: unique nationally.
    public var id = ""
    /// The person and the visit.
    var visit = Visit()
    /// `setl_time`: when it was settled at the cashier.
    var settledAt = LocalDateTime.epoch
    /// The real-time amounts as the drop claims them.
    var amounts = SettlementAmounts()
    /// The real-time category summary.
    public var categories: [CategoryTotal] = []
    /// The deferred detail.
    public var lines: [FeeLine] = []
    /// Line of the `setl` start tag.
    public var line = 0
    /// Line of each field's element, by ``Field``.
    var fieldLines = [Int32](repeating: 0, count: Field.allCases.count)
    /// Fields whose text did not parse.
    var invalidFields: FieldSet = []

    /// An empty settlement, filled in by the parser.
    public init() {}

    /// The fields of a `setl`, in document order.
    enum Field: Int, CaseIterable, Sendable {
        case id, visitID, personNumber, personName, certificateNumber, insuredArea, insuranceType, medicalType
        case diseaseCode, filingType, beginDate, endDate, settledAt
        case total, fullySelfPaid, overCap, firstSelfPaid, inScope, deductiblePaid, fundPayment, allFunds
        case personalPart, accountPayment, cashPayment, deductibleBefore, fundBefore

        /// The element name at the XML boundary.
        var elementName: String { Self.names[rawValue] }

        static let names = [
            "setl_id", "mdtrt_id", "psn_no", "psn_name", "certno", "insu_admdvs", "insutype", "med_type",
            "dise_codg", "filing_type", "begndate", "enddate", "setl_time",
            "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt",
            "act_pay_dedc", "hifp_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay",
            "cum_dedc_before", "cum_fund_before"
        ]
    }

}
