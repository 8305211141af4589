#if canImport(Glibc)
    import Glibc
#endif

/// `yidi.toml`: the workspace settings (reference.md). Every key has a default; an unknown
/// key is an error, not ignored.
public struct Settings: Sendable, Equatable {
    /// `ledger`: `sqlite:PATH` (relative to the workspace) or `postgres://…`, checked when read.
    public var ledger = LedgerLocation.sqlite(path: "ledger.sqlite")
    /// `log_level`.
    public var logLevel = "info"
    /// `language`: the language of what people read (`zh-CN`, the default, or `en`). Codes,
    /// element and field names, JSON and logfmt keys are the same in both.
    public var language = Language.chinese
    /// `metrics`: the Prometheus text file, or "" for none.
    public var metrics = "metrics/yidi.prom"
    /// `[limits]`.
    public var limits = DropLimits()
    /// `[reconciliation] feedback_days`: working days from a reconciliation's issue to `feedback_by`.
    public var feedbackDays = 5

    /// The defaults.
    public init() {}

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Reads `path`; a missing file gives the defaults.
    ///
    /// - Throws: ``YidiError`` with kind `config` naming the line of a bad or unknown key.
    public static func load(path: String) throws(YidiError) -> Settings {
        guard access(path, F_OK) == 0 else { return Settings() }
        guard let text = readText(path) else { throw YidiError(.config, zh: "\(path): 无法读取", en: "\(path): cannot be read") }
        return try parse(text, file: path)
    }

    /// Parses the small TOML subset yidi's settings use: comments, `[limits]`, `[reconciliation]`, `key = "string"`, `key = integer`.
    static func parse(_ text: String, file: String) throws(YidiError) -> Settings {
        var settings = Settings()
        var table = ""
        var seen: [String: Int] = [:]
        // a UTF-8 byte order mark is allowed, as in the reference CSV files
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        // CRLF is one Character in Swift: split on any line end, not on "\n" alone
        for (index, raw) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = stripComment(String(raw)).trimmingSpaces()
            let n = index + 1
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line == "[limits]" || line == "[reconciliation]" else {
                    throw YidiError(.config, zh: "\(file):\(n): 未知的表 \(line)", en: "\(file):\(n): unknown table \(line)")
                }
                table = String(line.dropFirst().dropLast())
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw YidiError(.config, zh: "\(file):\(n): 应为 key = value", en: "\(file):\(n): expected key = value")
            }
            let key = String(line[..<eq]).trimmingSpaces()
            let value = String(line[line.index(after: eq)...]).trimmingSpaces()
            let name = table.isEmpty ? key : "\(table).\(key)"
            if let first = seen[name] {
                throw YidiError(
                    .config, zh: "\(file):\(n): \(name) 设置了两次（第一次在第 \(first) 行）：不猜测以哪个为准",
                    en: "\(file):\(n): \(name) is set twice (first on line \(first)): which one is meant is not guessed")
            }
            seen[name] = n
            try settings.set(name, value, where: "\(file):\(n)")
        }
        return settings
    }

    private mutating func set(_ key: String, _ value: String, where place: String) throws(YidiError) {
        func string() throws(YidiError) -> String {
            guard value.count >= 2, value.first == "\"", value.last == "\"" else {
                throw YidiError(.config, zh: "\(place): \(key) 须为带引号的字符串", en: "\(place): \(key) must be a quoted string")
            }
            let inner = String(value.dropFirst().dropLast())
            guard !inner.contains("\"") && !inner.contains("\\") else {
                throw YidiError(.config, zh: "\(place): \(key): 不支持转义字符", en: "\(place): \(key): escapes are not supported")
            }
            return inner
        }
        func positive(atMost maximum: Int64) throws(YidiError) -> Int64 {
            let digits = value.replacingAll("_", with: "")
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.contains(where: { $0 != "0" }) else {
                throw YidiError(
                    .config, zh: "\(place): \(key) 须为正整数（限值不能不设上限）",
                    en: "\(place): \(key) must be a positive integer (limits are never unlimited)")
            }
            guard let v = Int64(digits), v <= maximum else {
                throw YidiError(
                    .config, zh: "\(place): \(key) = \(value) 超过其最大值 \(maximum)",
                    en: "\(place): \(key) = \(value) is above its largest value \(maximum)")
            }
            return v
        }
        typealias Maximum = DropLimits.Maximum
        switch key {
        case "ledger":
            let text = try string()
            guard let location = LedgerLocation(text) else {
                throw YidiError(
                    .config, zh: "\(place): ledger \(text)：应为 sqlite:PATH 或 postgres://…",
                    en: "\(place): ledger \(text): expected sqlite:PATH or postgres://…")
            }
            ledger = location
        case "log_level":
            logLevel = try string()
            guard Self.logLevels.contains(logLevel) else {
                throw YidiError(.config, zh: "\(place): 未知的 log_level \(logLevel)", en: "\(place): unknown log_level \(logLevel)")
            }
        case "metrics": metrics = try string()
        case "language":
            let name = try string()
            guard let chosen = Language(rawValue: name) else {
                throw YidiError(.config, zh: "\(place): 未知的语言 \(name)（zh-CN 或 en）", en: "\(place): unknown language \(name) (zh-CN or en)")
            }
            language = chosen
        case "reconciliation.feedback_days": feedbackDays = Int(try positive(atMost: 366))
        case "limits.max_compressed_bytes": limits.maxCompressedBytes = try positive(atMost: Maximum.bytes)
        case "limits.max_inflated_bytes": limits.maxInflatedBytes = try positive(atMost: Maximum.bytes)
        case "limits.max_ratio": limits.maxRatio = try positive(atMost: Maximum.ratio)
        case "limits.max_depth": limits.maxDepth = Int(try positive(atMost: Maximum.depth))
        case "limits.max_text_bytes": limits.maxTextBytes = Int(try positive(atMost: Maximum.textBytes))
        case "limits.max_listed_errors": limits.maxListedErrors = Int(try positive(atMost: Maximum.listedErrors))
        case "limits.max_detail_age_days": limits.maxDetailAgeDays = Int(try positive(atMost: Maximum.detailAgeDays))
        case "limits.max_record_amount":
            let text = try string()
            guard let amount = Amount(text), amount > .zero else {
                throw YidiError(
                    .config, zh: "\(place): \(key) 须为以元计的正金额，如 \"100000000.00\"",
                    en: "\(place): \(key) must be a positive amount in yuan such as \"100000000.00\"")
            }
            guard amount <= Maximum.recordAmount else {
                throw YidiError(
                    .config, zh: "\(place): \(key) = \(text) 超过其最大值 \"\(Maximum.recordAmount)\"",
                    en: "\(place): \(key) = \(text) is above its largest value \"\(Maximum.recordAmount)\"")
            }
            limits.maxRecordAmount = amount
        default: throw YidiError(.config, zh: "\(place): 未知的设置项 \(key)", en: "\(place): unknown key \(key)")
        }
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        for (i, c) in line.enumerated() {
            if c == "\"" { inString.toggle() }
            if c == "#" && !inString { return String(line.prefix(i)) }
        }
        return line
    }

    /// The file's text, at most 1 MiB (a settings file is a few lines); nil if it cannot be read.
    private static func readText(_ path: String) -> String? {
        guard case .success(let fd) = FileType.openRegular(path, followLinks: true) else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        do throws(YidiError) {
            try Paths.forEachChunk(of: fd, path: path, size: 4096, failure: .config) { (chunk) throws(YidiError) in
                bytes += chunk
                if bytes.count > 1 << 20 { throw YidiError(.config, zh: "\(path): 超过 1 MiB", en: "\(path): larger than 1 MiB") }
            }
        } catch {
            return nil
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Where the ledger is, as `yidi.toml`'s `ledger` names it.
public enum LedgerLocation: Sendable, Equatable {
    /// An SQLite file, relative to the workspace unless absolute.
    case sqlite(path: String)
    /// A PostgreSQL server (`postgres://USER@HOST:PORT/DB`).
    case postgres(url: String)

    /// The URL as it may be printed: a password written into it, and whatever follows a `?`
    /// (`?password=…` among others), masked.
    public var printable: String {
        switch self {
        case .sqlite(let path): return "sqlite:" + path
        case .postgres(let full):
            let url = full.firstIndex(of: "?").map { String(full[..<$0]) + "?***" } ?? full
            guard let scheme = url.firstRange(of: "://") else { return url }
            let rest = url[scheme.upperBound...]
            guard let at = rest.firstIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return url }
            return String(url[...colon]) + "***" + String(url[at...])
        }
    }

    /// Parses `sqlite:PATH` or `postgres://…`/`postgresql://…`; nil for anything else.
    public init?(_ text: String) {
        if text.hasPrefix("sqlite:"), text.count > "sqlite:".count {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            return nil
        }
    }
}
