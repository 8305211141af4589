/// `chrgitm_lv`: the payment class of a catalog item.
enum ItemClass: String, Sendable, Hashable {
    /// 01, class A (甲类): fully in scope.
    case classA = "01"
    /// 02, class B (乙类): a first self-paid share, then in scope.
    case classB = "02"
    /// 03, class C (丙类): not covered.
    case classC = "03"
}

/// One item of a treatment place's catalog.
public struct CatalogItem: Sendable, Hashable {
    /// `med_list_codg`: the national code.
    var nationalCode: String
    /// `med_chrgitm_type`.
    var category: ExpenseCategory
    /// `chrgitm_lv`.
    var itemClass: ItemClass
    /// `selfpay_prop`: the class-B first self-paid share (0 otherwise).
    var selfPayShare: Ratio
    /// `pric_uplmt_amt`: the unit price cap, if any.
    var priceCap: UnitPrice?
}

/// `catalog.csv`: each treatment province's catalog, by province, national code and date.
struct Catalog: Sendable {
    private var byProvince: [String: [String: Versions<CatalogItem>]] = [:]
    /// `med_list_name` by province prefix and national code (the row read last), kept only when
    /// asked (``keepsNames``: `yidi explain`) and apart from the items, which the classification
    /// copies for every line: the night pays nothing for names it never shows.
    private var names: [String: String] = [:]
    var keepsNames = false

    static let file = "catalog.csv"
    static let columns = [
        "prov_admdvs", "med_list_codg", "med_list_name", "med_chrgitm_type", "chrgitm_lv",
        "selfpay_prop", "pric_uplmt_amt", "begndate", "enddate"
    ]

    mutating func add(_ r: ReferenceRecord) throws(YidiError) {
        let province = try r.admdvs("prov_admdvs")
        guard province.hasSuffix("0000") else { throw r.error("prov_admdvs", zh: "省份应写为 XX0000", en: "a province is written XX0000") }
        let code = try r.code("med_list_codg")
        let name = try r.required("med_list_name")
        guard let category = ExpenseCategory(rawValue: r.text("med_chrgitm_type")) else {
            throw r.error("med_chrgitm_type", zh: "须为 01 至 14", en: "must be 01 … 14")
        }
        let itemClass = try r.oneOf("chrgitm_lv", ItemClass.self)
        let share = try r.ratio("selfpay_prop")
        if itemClass == .classB && share == .zero { throw r.error("selfpay_prop", zh: "乙类项目的先行自付比例须大于 0", en: "class B needs a share > 0") }
        if itemClass != .classB && share != .zero { throw r.error("selfpay_prop", zh: "非乙类项目须为 0", en: "must be 0 unless class B") }
        var cap: UnitPrice?
        if !r.text("pric_uplmt_amt").isEmpty {
            guard let c = UnitPrice(r.text("pric_uplmt_amt")) else { throw r.error("pric_uplmt_amt", zh: "不是价格", en: "not a price") }
            cap = c
        }
        let item = CatalogItem(nationalCode: code, category: category, itemClass: itemClass, selfPayShare: share, priceCap: cap)
        try byProvince[String(province.prefix(2)), default: [:]][code, default: Versions()].add(item, try r.validity(), record: r)
        if keepsNames { names[String(province.prefix(2)) + "|" + code] = name }
    }

    /// The item's name in a treatment province's catalog, for `yidi explain`.
    func name(province prefix: String, code: String) -> String? { names[prefix + "|" + code] }

    /// The catalog of one treatment province (first two digits), for repeated lookups.
    func province(_ prefix: String) -> [String: Versions<CatalogItem>] { byProvince[prefix] ?? [:] }

    /// The row that gave a national code's item on `date` in a treatment province (first two
    /// digits), with its validity and line.
    func entry(province prefix: String, code: String, on date: LocalDate) -> (range: DateRange, value: CatalogItem, line: Int)? {
        byProvince[prefix]?[code]?.entry(on: date)
    }

    var count: Int { byProvince.values.reduce(0) { $0 + $1.count } }
}

/// `mapping.csv`: each hospital's item codes mapped to national codes (对照), by date.
struct ItemMapping: Sendable {
    private var byInstitution: [String: [String: Versions<String>]] = [:]

    static let file = "mapping.csv"
    static let columns = ["fixmedins_code", "medins_list_codg", "med_list_codg", "begndate", "enddate"]

    mutating func add(_ r: ReferenceRecord) throws(YidiError) {
        let institution = try r.code("fixmedins_code")
        let own = try r.code("medins_list_codg")
        let national = try r.code("med_list_codg")
        try byInstitution[institution, default: [:]][own, default: Versions()].add(national, try r.validity(), record: r)
    }

    /// One institution's mapping, for repeated lookups.
    func institution(_ code: String) -> [String: Versions<String>] { byInstitution[code] ?? [:] }

    /// The row that mapped a hospital's item code on `date`, with its validity and line.
    func entry(institution: String, itemCode: String, on date: LocalDate) -> (range: DateRange, value: String, line: Int)? {
        byInstitution[institution]?[itemCode]?.entry(on: date)
    }

    var count: Int { byInstitution.values.reduce(0) { $0 + $1.count } }
}
