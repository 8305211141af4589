/// A designated medical institution (定点医疗机构) during one validity range.
struct Institution: Sendable, Hashable {
    /// `fixmedins_code`.
    public var code: String
    /// `fixmedins_name`.
    public var name: String
    /// `admdvs`: where it is.
    var area: String
    /// `hosp_lv`: 1, 2 or 3.
    public var grade: Int
}

/// `institutions.csv`: institutions designated for cross-provincial settlement, by code and date.
struct InstitutionDirectory: Sendable {
    private var byCode: [String: Versions<Institution>] = [:]

    static let file = "institutions.csv"
    static let columns = ["fixmedins_code", "fixmedins_name", "admdvs", "hosp_lv", "begndate", "enddate"]

    mutating func add(_ r: ReferenceRecord) throws(YidiError) {
        let code = try r.code("fixmedins_code")
        guard let grade = Int(r.text("hosp_lv")), (1...3).contains(grade) else {
            throw r.error("hosp_lv", zh: "须为 1、2 或 3", en: "must be 1, 2 or 3")
        }
        let institution = Institution(
            code: code, name: try r.required("fixmedins_name"), area: try r.admdvs("admdvs"),
            grade: grade)
        try byCode[code, default: Versions()].add(institution, try r.validity(), record: r)
    }

    /// The institution designated under `code` on `date`.
    func institution(_ code: String, on date: LocalDate) -> Institution? { byCode[code]?.on(date) }

    /// The row that designated `code` on `date`, with its validity and line.
    func entry(_ code: String, on date: LocalDate) -> (range: DateRange, value: Institution, line: Int)? {
        byCode[code]?.entry(on: date)
    }

    /// The validities of `code`'s designations, joined for a message (`2020-01-01..2025-06-30`).
    func designations(_ code: String) -> String {
        (byCode[code]?.ranges ?? []).map(\.description).joined(separator: ", ")
    }

    /// Each institution's name, from the row that starts latest (a renamed hospital reads as it is called now).
    var names: [String: String] {
        byCode.compactMapValues { versions in versions.items.max { $0.range.begin < $1.range.begin }?.value.name }
    }

    /// Whether `code` appears at all, whatever the dates.
    func isKnown(_ code: String) -> Bool { byCode[code] != nil }

    var count: Int { byCode.count }
}
