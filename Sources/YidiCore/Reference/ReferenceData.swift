/// Every reference file of a workspace, loaded and checked before any drop is touched.
///
/// ```swift
/// let reference = try ReferenceData.load(directory: "/srv/yidi/reference")
/// ```
public struct ReferenceData: Sendable {
    /// `provinces.csv`: province prefix (2 digits) → name.
    var provinces: [String: String] = [:]
    var institutions = InstitutionDirectory()
    var catalog = Catalog()
    var mapping = ItemMapping()
    var policies = PolicyBook()
    /// `chronic_diseases.csv`: code → name.
    var chronicDiseases: [String: String] = [:]
    /// `calendar.csv`.
    public var calendar = WorkingCalendar()
    /// Each file name with the SHA-256 of its bytes, recorded with every run.
    public private(set) var fileHashes: [(file: String, sha256: String)] = []

    /// The seven files, in the order they are loaded.
    static let fileNames = [
        "provinces.csv", "chronic_diseases.csv", InstitutionDirectory.file, Catalog.file,
        ItemMapping.file, PolicyBook.file, WorkingCalendar.file
    ]

    /// Loads and checks the seven reference files of `directory`.
    ///
    /// - Parameters:
    ///   - sources: a path to read instead, by file name (`yidi explain` reads the versions a
    ///     run used from the reference history).
    ///   - itemNames: whether the catalog keeps its items' names (`yidi explain` shows them).
    /// - Throws: ``YidiError`` with kind `config` (exit 78) naming file, line and field.
    public static func load(directory: String, sources: [String: String] = [:], itemNames: Bool = false) throws(YidiError) -> ReferenceData
    {
        var data = ReferenceData()
        data.catalog.keepsNames = itemNames
        func path(_ name: String) -> String { sources[name] ?? directory + "/" + name }
        var hashes: [(String, String)] = []
        hashes.append(
            (
                "provinces.csv",
                try ReferenceFileLoader.load(
                    path("provinces.csv"),
                    columns: ["prov_admdvs", "prov_name"]
                ) { (r) throws(YidiError) in
                    let code = try r.admdvs("prov_admdvs")
                    guard code.hasSuffix("0000") else {
                        throw r.error("prov_admdvs", zh: "省份应写为 XX0000", en: "a province is written XX0000")
                    }
                    guard data.provinces.updateValue(try r.required("prov_name"), forKey: String(code.prefix(2))) == nil else {
                        throw r.error("prov_admdvs", zh: "重复列出", en: "listed twice")
                    }
                }
            ))
        hashes.append(
            (
                "chronic_diseases.csv",
                try ReferenceFileLoader.load(
                    path("chronic_diseases.csv"),
                    columns: ["dise_codg", "dise_name"],
                    requireRows: false
                ) { (r) throws(YidiError) in
                    guard data.chronicDiseases.updateValue(try r.required("dise_name"), forKey: try r.code("dise_codg")) == nil else {
                        throw r.error("dise_codg", zh: "重复列出", en: "listed twice")
                    }
                }
            ))
        hashes.append(
            (
                InstitutionDirectory.file,
                try ReferenceFileLoader.load(
                    path(InstitutionDirectory.file),
                    columns: InstitutionDirectory.columns
                ) { (r) throws(YidiError) in
                    try data.institutions.add(r)
                }
            ))
        hashes.append(
            (
                Catalog.file,
                try ReferenceFileLoader.load(path(Catalog.file), columns: Catalog.columns) { (r) throws(YidiError) in
                    try data.catalog.add(r)
                }
            ))
        hashes.append(
            (
                ItemMapping.file,
                try ReferenceFileLoader.load(
                    path(ItemMapping.file),
                    columns: ItemMapping.columns
                ) { (r) throws(YidiError) in
                    try data.mapping.add(r)
                }
            ))
        let diseases = Set(data.chronicDiseases.keys)
        hashes.append(
            (
                PolicyBook.file,
                try ReferenceFileLoader.load(
                    path(PolicyBook.file),
                    columns: PolicyBook.columns
                ) { (r) throws(YidiError) in
                    try data.policies.add(r, chronicDiseases: diseases)
                }
            ))
        hashes.append(
            (
                WorkingCalendar.file,
                try ReferenceFileLoader.load(
                    path(WorkingCalendar.file),
                    columns: WorkingCalendar.columns, requireRows: false
                ) { (r) throws(YidiError) in
                    try data.calendar.add(r)
                }
            ))
        data.fileHashes = hashes.map { (file: $0.0, sha256: $0.1) }
        return data
    }

    /// Whether the first two digits of `admdvs` name a province that takes part.
    func knowsProvince(of admdvs: String) -> Bool { provinces[String(admdvs.prefix(2))] != nil }

    /// Whether `code` is one of `chronic_diseases.csv`.
    func isChronicDisease(_ code: String) -> Bool { chronicDiseases[code] != nil }
}
