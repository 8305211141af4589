#if canImport(Glibc)
    import Glibc
#endif

/// One row of a reference CSV file, with typed accessors whose errors name file, line and field.
struct ReferenceRecord {
    let file: String
    let line: Int
    let fields: [String]
    let columns: [String: Int]

    /// The raw text of a column (empty if the row is short).
    func text(_ column: String) -> String {
        guard let i = columns[column], i < fields.count else { return "" }
        return fields[i]
    }

    /// An error about `column` of this row (exit 78).
    func error(_ column: String, zh: String, en: String) -> YidiError {
        let found = Self.printable(text(column))
        return YidiError(
            .config, zh: "\(file):\(line): \(column): \(zh)（文件中为 \"\(found)\"）",
            en: "\(file):\(line): \(column): \(en) (found \"\(found)\")")
    }

    /// A field as it can be printed on one line (``Swift/String/oneLine``), at most 80 characters.
    static func printable(_ value: String) -> String {
        let head = String(String.UnicodeScalarView(value.unicodeScalars.prefix(80))).oneLine
        return value.unicodeScalars.count > 80 ? head + "…" : head
    }

    func required(_ column: String) throws(YidiError) -> String {
        let value = text(column)
        guard !value.isEmpty else { throw error(column, zh: "必须填写", en: "a value is required") }
        return value
    }

    func code(_ column: String) throws(YidiError) -> String {
        let value = try required(column)
        guard value.utf8.count <= 30, value.utf8.allSatisfy({ Self.isCodeByte($0) }),
            let first = value.utf8.first, first != UInt8(ascii: "."), first != UInt8(ascii: "-"), first != UInt8(ascii: "_")
        else { throw error(column, zh: "不是编码（1 至 30 个 A-Z a-z 0-9 . _ - 字符）", en: "not a code (1..30 of A-Z a-z 0-9 . _ -)") }
        return value
    }

    func admdvs(_ column: String) throws(YidiError) -> String {
        let value = text(column)
        guard value.utf8.count == 6, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw error(column, zh: "不是行政区划代码（6 位数字）", en: "not an admdvs (6 digits)")
        }
        return value
    }

    func date(_ column: String) throws(YidiError) -> LocalDate {
        guard let d = LocalDate(text(column)) else { throw error(column, zh: "不是日期（YYYY-MM-DD）", en: "not a date (YYYY-MM-DD)") }
        return d
    }

    /// A validity range from `begndate` and `enddate` (empty end: open-ended).
    func validity() throws(YidiError) -> DateRange {
        let begin = try date("begndate")
        guard !text("enddate").isEmpty else { return DateRange(begin: begin, end: nil) }
        let end = try date("enddate")
        guard begin <= end else { throw error("enddate", zh: "早于 begndate", en: "before begndate") }
        return DateRange(begin: begin, end: end)
    }

    func amount(_ column: String) throws(YidiError) -> Amount {
        guard let a = Amount(text(column)) else { throw error(column, zh: "不是金额", en: "not an amount") }
        return a
    }

    func ratio(_ column: String) throws(YidiError) -> Ratio {
        guard let r = Ratio(text(column)) else {
            throw error(column, zh: "不是 0 到 1 之间的比例（最多 4 位小数）", en: "not a ratio between 0 and 1 (at most 4 decimals)")
        }
        return r
    }

    func oneOf<T: RawRepresentable>(_ column: String, _ type: T.Type) throws(YidiError) -> T where T.RawValue == String {
        guard let v = T(rawValue: text(column)) else { throw error(column, zh: "不是允许的取值", en: "not a known value") }
        return v
    }

    private static func isCodeByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }
}

/// An inclusive range of dates; `end` nil means open-ended.
struct DateRange: Sendable, Hashable, CustomStringConvertible {
    var begin: LocalDate
    public var end: LocalDate?

    /// `begin..end`, or `begin..` while open.
    var description: String { "\(begin)..\(end.map(\.description) ?? "")" }

    /// Whether `date` lies in the range.
    @inline(__always)
    public func contains(_ date: LocalDate) -> Bool {
        begin <= date && (end.map { date <= $0 } ?? true)
    }

    /// Whether two ranges share a day.
    func overlaps(_ other: DateRange) -> Bool {
        let aEndsBefore = end.map { $0 < other.begin } ?? false
        let bEndsBefore = other.end.map { $0 < begin } ?? false
        return !aEndsBefore && !bEndsBefore
    }
}

/// Versions of one key over time, none overlapping; looked up by date.
struct Versions<Value: Sendable>: Sendable {
    private(set) var items: [(range: DateRange, value: Value, line: Int)] = []

    /// Adds a version; throws if it overlaps one already there.
    mutating func add(_ value: Value, _ range: DateRange, record: ReferenceRecord) throws(YidiError) {
        if let clash = items.first(where: { $0.range.overlaps(range) }) {
            throw record.error(
                "begndate", zh: "有效期与相同键的第 \(clash.line) 行重叠", en: "validity overlaps the row on line \(clash.line) for the same key")
        }
        items.append((range, value, record.line))
    }

    /// The version valid on `date`.
    @inline(__always)
    func on(_ date: LocalDate) -> Value? {
        for item in items where item.range.contains(date) { return item.value }
        return nil
    }

    /// Every validity of the key, in the order of the file.
    var ranges: [DateRange] { items.map(\.range) }

    /// The version valid on `date` with its validity and the line of its row (for `yidi explain`).
    func entry(on date: LocalDate) -> (range: DateRange, value: Value, line: Int)? {
        items.first { $0.range.contains(date) }
    }
}

enum ReferenceFileLoader {
    /// Reads the file at `path`, checks its header holds `columns`, and hands each row on.
    ///
    /// - Returns: the SHA-256 of the file.
    ///
    /// - Parameter requireRows: a file with a header and no row is an error (78): an empty
    ///   catalog, mapping, policy book, institution or province list would reject a whole night.
    static func load(
        _ path: String, columns: [String], requireRows: Bool = true,
        _ body: (ReferenceRecord) throws(YidiError) -> Void
    ) throws(YidiError) -> String {
        var index: [String: Int] = [:]
        var rows = 0
        try CSVReader(path: path).read(
            header: { (header: [String]) throws(YidiError) in
                for (i, column) in header.enumerated() {
                    let name = column.trimmingSpaces()
                    guard index.updateValue(i, forKey: name) == nil else {
                        throw YidiError(
                            .config, zh: "\(path):1: 表头中列 \(ReferenceRecord.printable(name)) 出现两次",
                            en: "\(path):1: column \(ReferenceRecord.printable(name)) appears twice in the header")
                    }
                }
                let missing = columns.filter { index[$0] == nil }
                guard missing.isEmpty else {
                    throw YidiError(
                        .config, zh: "\(path):1: 缺少列 \(missing.joined(separator: ", "))",
                        en: "\(path):1: missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", "))")
                }
            },
            row: { (row: CSVReader.Row) throws(YidiError) in
                rows += 1
                try body(ReferenceRecord(file: path, line: row.line, fields: row.fields, columns: index))
            })
        if requireRows && rows == 0 {
            throw YidiError(.config, zh: "\(path): 只有表头没有数据行：该文件必须列出数据", en: "\(path): a header and no row; the file must list its data")
        }
        return try FileHash.sha256(of: path)
    }
}
