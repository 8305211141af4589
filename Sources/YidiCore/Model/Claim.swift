/// A manual-reimbursement claim (`claim`): the patient paid in full; the product computes what is owed.
public struct Claim: Sendable {
    /// `claim_id`: unique nationally.
    public var id = ""
    /// The person and the visit (`filing_type` may be 5, not filed).
    var visit = Visit()
    /// `diag_name`: the diagnosis.
    var diagnosisName = ""
    /// `medfee_sumamt`: total fees.
    public var total = Amount.zero
    /// `fail_reason`; `nil` if unknown.
    var failReason: FailReason?
    /// The fee detail.
    public var lines: [FeeLine] = []
    /// Line of the `claim` start tag.
    public var line = 0
    /// Line of each field's element, by ``Field``.
    var fieldLines = [Int32](repeating: 0, count: Field.allCases.count)
    /// Fields whose text did not parse.
    var invalidFields: FieldSet = []

    /// An empty claim, filled in by the parser.
    public init() {}

    /// The fields of a `claim`, in document order.
    enum Field: Int, CaseIterable, Sendable {
        case id, visitID, personNumber, personName, certificateNumber, insuredArea, insuranceType, medicalType
        case diseaseCode, diagnosisName, filingType, beginDate, endDate, total, failReason

        /// The element name at the XML boundary.
        var elementName: String { Self.names[rawValue] }

        static let names = [
            "claim_id", "mdtrt_id", "psn_no", "psn_name", "certno", "insu_admdvs", "insutype", "med_type",
            "dise_codg", "diag_name", "filing_type", "begndate", "enddate", "medfee_sumamt", "fail_reason"
        ]
    }

}
