/// The person and visit fields that a settlement and a claim share.
struct Visit: Sendable, Equatable {
    /// `mdtrt_id`: the visit id at the hospital.
    var visitID = ""
    /// `psn_no`: the insured person number.
    var personNumber = ""
    /// `psn_name`: personal data, never logged.
    var personName = ""
    /// `certno`: personal data, never logged in full.
    var certificateNumber = ""
    /// `insu_admdvs`: the insured place.
    public var insuredArea = ""
    /// `insutype`; `nil` if the text is not a known type (the schema reported it).
    public var insuranceType: InsuranceType?
    /// `med_type`; `nil` if unknown.
    public var medicalType: MedicalType?
    /// `dise_codg`, optional.
    public var diseaseCode: String?
    /// `filing_type`; `nil` if unknown.
    var filingType: FilingType?
    /// `begndate`.
    var beginDate = LocalDate(dayNumber: 0)
    /// `enddate`.
    var endDate = LocalDate(dayNumber: 0)

    /// An empty visit, filled in by the parser.
    public init() {}
}
