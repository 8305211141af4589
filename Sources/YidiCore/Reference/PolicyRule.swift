/// How a deductible is charged.
public enum DeductibleScope: String, Sendable, Hashable {
    /// On every settlement (usual for inpatient care).
    case visit
    /// Once a calendar year, shared by the settlements of one accumulator.
    case year
}

/// One row of `policies.csv`: the insured place's policy for an insurance type, medical
/// type (and chronic disease) and year.
public struct PolicyRule: Sendable, Hashable {
    /// `insu_admdvs` as written (an exact area, a city `XXXX00` or a province `XX0000`).
    public var insuredArea: String
    public var insuranceType: InsuranceType
    public var medicalType: MedicalType
    /// `dise_codg`: the chronic disease for `med_type` 14, else `nil`.
    public var diseaseCode: String?
    public var year: Int
    /// `dedc`.
    public var deductible: Amount
    /// `dedc_scope`.
    public var deductibleScope: DeductibleScope
    /// `ratio_lv1`, `ratio_lv2`, `ratio_lv3`: the fund's ratio by hospital grade.
    public var ratios: [Ratio]
    /// `annual_cap`.
    public var annualCap: Amount
    /// `cut_referral`, `cut_emergency`, `cut_other`, `cut_unfiled`.
    public var cutReferral: Ratio
    public var cutEmergency: Ratio
    public var cutOther: Ratio
    public var cutUnfiled: Ratio

    /// A policy row from its values.
    public init(
        insuredArea: String, insuranceType: InsuranceType, medicalType: MedicalType, diseaseCode: String?,
        year: Int, deductible: Amount, deductibleScope: DeductibleScope, ratios: [Ratio], annualCap: Amount,
        cutReferral: Ratio, cutEmergency: Ratio, cutOther: Ratio, cutUnfiled: Ratio
    ) {
        self.insuredArea = insuredArea
        self.insuranceType = insuranceType
        self.medicalType = medicalType
        self.diseaseCode = diseaseCode
        self.year = year
        self.deductible = deductible
        self.deductibleScope = deductibleScope
        self.ratios = ratios
        self.annualCap = annualCap
        self.cutReferral = cutReferral
        self.cutEmergency = cutEmergency
        self.cutOther = cutOther
        self.cutUnfiled = cutUnfiled
    }

    /// The ratio points taken off for a filing type (type 1: none).
    func cut(for filing: FilingType) -> Ratio {
        switch filing {
        case .resident: .zero
        case .referral: cutReferral
        case .emergency: cutEmergency
        case .otherTemporary: cutOther
        case .unfiled: cutUnfiled
        }
    }

    /// The ratio for a hospital grade (1 … 3).
    func ratio(forGrade grade: Int) -> Ratio { ratios[max(1, min(3, grade)) - 1] }
}

/// `policies.csv`, looked up by exact area, then city, then province.
struct PolicyBook: Sendable {
    private struct Key: Hashable {
        var area: String
        var insuranceType: InsuranceType
        var medicalType: MedicalType
        var disease: String
        var year: Int
    }

    private var rules: [Key: (PolicyRule, Int)] = [:]

    static let file = "policies.csv"
    static let columns = [
        "insu_admdvs", "insutype", "med_type", "dise_codg", "year", "dedc", "dedc_scope", "ratio_lv1",
        "ratio_lv2", "ratio_lv3", "annual_cap", "cut_referral", "cut_emergency", "cut_other", "cut_unfiled"
    ]

    mutating func add(_ r: ReferenceRecord, chronicDiseases: Set<String>) throws(YidiError) {
        let area = try r.admdvs("insu_admdvs")
        let insutype = try r.oneOf("insutype", InsuranceType.self)
        let medType = try r.oneOf("med_type", MedicalType.self)
        let disease = r.text("dise_codg")
        if medType == .chronicDisease {
            guard chronicDiseases.contains(disease) else {
                throw r.error(
                    "dise_codg", zh: "med_type 14 须填写 chronic_diseases.csv 中的病种", en: "med_type 14 needs a disease of chronic_diseases.csv")
            }
        } else if !disease.isEmpty {
            throw r.error("dise_codg", zh: "只有 med_type 14 填写病种", en: "only med_type 14 names a disease")
        }
        guard r.text("year").utf8.count == 4, let year = Int(r.text("year")) else {
            throw r.error("year", zh: "不是年份（YYYY）", en: "not a year (YYYY)")
        }
        let rule = PolicyRule(
            insuredArea: area, insuranceType: insutype, medicalType: medType, diseaseCode: disease.isEmpty ? nil : disease,
            year: year, deductible: try r.amount("dedc"), deductibleScope: try r.oneOf("dedc_scope", DeductibleScope.self),
            ratios: [try r.ratio("ratio_lv1"), try r.ratio("ratio_lv2"), try r.ratio("ratio_lv3")],
            annualCap: try r.amount("annual_cap"), cutReferral: try r.ratio("cut_referral"),
            cutEmergency: try r.ratio("cut_emergency"), cutOther: try r.ratio("cut_other"), cutUnfiled: try r.ratio("cut_unfiled"))
        let key = Key(area: area, insuranceType: insutype, medicalType: medType, disease: disease, year: year)
        if let (_, line) = rules[key] {
            throw r.error("insu_admdvs", zh: "相同键和年度的政策已在第 \(line) 行", en: "a policy for the same key and year is on line \(line)")
        }
        rules[key] = (rule, r.line)
    }

    /// Which step of the fallback found a policy row.
    enum Step: String, Sendable {
        case exactArea = "exact area"
        case city, province
    }

    /// The policy for a settlement: the exact area, else its city, else its province.
    func rule(area: String, insuranceType: InsuranceType, medicalType: MedicalType, disease: String?, year: Int) -> PolicyRule? {
        lookup(area: area, insuranceType: insuranceType, medicalType: medicalType, disease: disease, year: year)?.rule
    }

    /// The policy with the line of its row and the fallback step that found it.
    func lookup(
        area: String, insuranceType: InsuranceType, medicalType: MedicalType, disease: String?,
        year: Int
    ) -> (rule: PolicyRule, line: Int, step: Step)? {
        let d = medicalType == .chronicDisease ? (disease ?? "") : ""
        let candidates: [(String, Step)] = [
            (area, .exactArea), (String(area.prefix(4)) + "00", .city),
            (String(area.prefix(2)) + "0000", .province)
        ]
        for (candidate, step) in candidates {
            if let hit = rules[Key(area: candidate, insuranceType: insuranceType, medicalType: medicalType, disease: d, year: year)] {
                return (hit.0, hit.1, step)
            }
        }
        return nil
    }

    var count: Int { rules.count }
}
