/// Names beside codes on the report: provinces from `provinces.csv`, hospitals from
/// `institutions.csv`. A code the reference data does not name is shown as the code alone.
public struct ReportNames: Sendable {
    var provinces: [String: String] = [:]
    var institutions: [String: String] = [:]

    /// No names: codes alone.
    public init() {}

    /// The names of the workspace's reference data.
    public init(reference: ReferenceData) {
        provinces = reference.provinces
        institutions = reference.institutions.names
    }

    /// `440000 广东省`, or the code alone.
    func province(_ code: String) -> String {
        provinces[String(code.prefix(2))].map { "\(code) \($0)" } ?? code
    }

    /// The province's name alone where known (the chart's legend), else its code.
    func provinceName(_ code: String) -> String { provinces[String(code.prefix(2))] ?? code }

    /// `H44030400002 某某医院`, or the code alone.
    func institution(_ code: String) -> String {
        institutions[code].map { "\(code) \($0)" } ?? code
    }
}

extension Amount {
    /// The amount with thousands separators, as finance staff print it: `1,975,445,018.29`.
    var grouped: String {
        let text = description
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : Substring(text)
        guard let point = digits.firstIndex(of: ".") else { return text }
        let whole = Array(digits[..<point])
        var out = ""
        for (i, d) in whole.enumerated() {
            if i > 0 && (whole.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (negative ? "-" : "") + out + digits[point...]
    }
}
