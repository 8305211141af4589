/// The drop schemas' `xs:pattern` facets, checked in Swift on the bytes of each field instead of
/// by libxml2's regular-expression engine (its largest single cost on the parsing thread).
///
/// Built from the schema text itself: each pattern this file has a matcher for (all but the
/// date and time patterns) is left out of the schema that libxml2 compiles (every other facet, the base types and the content models
/// stay with libxml2), and is checked here for the fields whose declared type carries it.
/// A pattern without a matcher stays in the schema. `PatternFacetTests` holds the two paths to
/// the same errors, code and line, over the sample drops and thousands of mutated values.
final class PatternFacets: Sendable {
    /// A pattern of the schemas, matched by hand.
    enum Matcher: Sendable {
        case signedAmount, amount, quantity, price, count, admdvs, code, text, certno

        /// The pattern text each matcher implements (as written in `Schemas/`).
        ///
        /// The `date` and `datetime` patterns stay with libxml2: without a pattern facet,
        /// libxml2 2.9 does not collapse the whitespace around an `xs:date` or `xs:dateTime`
        /// value before parsing it (` 2025-01-01 ` would turn invalid), so leaving their
        /// patterns out would change what is valid. The differential test found it.
        static let byPattern: [String: Matcher] = [
            #"-?[0-9]{1,14}(\.[0-9]{1,2})?"#: .signedAmount,
            #"[0-9]{1,14}(\.[0-9]{1,2})?"#: .amount,
            #"[0-9]{1,12}(\.[0-9]{1,4})?"#: .quantity,
            #"[0-9]{1,12}(\.[0-9]{1,6})?"#: .price,
            #"[0-9]{1,9}"#: .count,
            #"[0-9]{6}"#: .admdvs,
            #"[A-Za-z0-9][A-Za-z0-9._\-]*"#: .code,
            #" *[^\p{Cc} ][^\p{Cc}]*"#: .text,
            #"[0-9]{17}[0-9X]"#: .certno
        ]
    }

    /// The facet of one simple type.
    struct Facet: Sendable {
        let matcher: Matcher
        /// The pattern as written (for the error message, as libxml2 words it).
        let pattern: String
        /// Whether the value is whitespace-collapsed before matching (every base but xs:string).
        let collapses: Bool
    }

    /// The schema for libxml2, without the patterns checked here.
    let relaxedSchema: String
    let facets: [Facet]
    /// Facet index + 1 by container and element (0: none), a flat table for the hot path.
    private let table: [UInt8]

    static let containerCount = 8

    /// Reads the patterns, the field types and their containers out of `schema`.
    init(schema: String) {
        var simpleType: String?, complexType: String?
        var bases: [String: String] = [:], patterns: [String: String] = [:]
        var fieldTypes: [String: [String: String]] = [:]
        var kept: [Substring] = []
        for line in schema.split(separator: "\n", omittingEmptySubsequences: false) {
            if let name = Self.attribute("name", in: line, after: "<xs:simpleType ") {
                simpleType = name
                complexType = nil
            }
            if let name = Self.attribute("name", in: line, after: "<xs:complexType ") {
                complexType = name
                simpleType = nil
            }
            if let base = Self.attribute("base", in: line, after: "<xs:restriction "), let simpleType { bases[simpleType] = base }
            if let name = Self.attribute("name", in: line, after: "<xs:element "),
                let type = Self.attribute("type", in: line, after: "<xs:element "),
                let complexType
            {
                fieldTypes[complexType, default: [:]][name] = type
            }
            if let pattern = Self.attribute("value", in: line, after: "<xs:pattern "), let simpleType, Matcher.byPattern[pattern] != nil {
                patterns[simpleType] = pattern
                continue  // left out of the relaxed schema
            }
            kept.append(line)
        }
        relaxedSchema = kept.joined(separator: "\n")
        var facets: [Facet] = [], indexOfType: [String: Int] = [:]
        for (type, pattern) in patterns.sorted(by: { $0.key < $1.key }) {
            indexOfType[type] = facets.count
            facets.append(Facet(matcher: Matcher.byPattern[pattern]!, pattern: pattern, collapses: bases[type] != "xs:string"))
        }
        var table = [UInt8](repeating: 0, count: Self.containerCount * 256)
        for (container, fields) in fieldTypes {
            guard let c = Self.containerIndex(complexType: container) else { continue }
            for (name, type) in fields {
                guard let tag = ElementTag.allCases.first(where: { $0.name == name }), let i = indexOfType[type] else { continue }
                table[c * 256 + Int(tag.rawValue)] = UInt8(i + 1)
            }
        }
        self.facets = facets
        self.table = table
    }

    /// The facet of field `tag` inside the container with index `container`, if it has one.
    @inline(__always)
    func facet(container: Int, tag: ElementTag) -> Facet? {
        let i = table[container * 256 + Int(tag.rawValue)]
        return i == 0 ? nil : facets[Int(i) - 1]
    }

    /// The index of the parser's container named by a complex type of the schemas.
    static func containerIndex(complexType: String) -> Int? {
        ["header": 1, "setl": 2, "setl_revs": 3, "claim": 4, "fee": 5, "category": 6, "entry": 7][complexType]
    }

    /// `name="…"` of an element line that starts with `tag`.
    private static func attribute(_ name: String, in line: Substring, after tag: String) -> String? {
        guard let start = line.firstRange(of: tag), let key = line[start.upperBound...].firstRange(of: name + "=\"") else { return nil }
        let rest = line[key.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    // MARK: - Matching

    /// The value as the pattern sees it (whitespace-collapsed types: trimmed) when it does not
    /// match; nil when it matches. (A collapsed value with a space inside fails its base type,
    /// which libxml2 reports instead: trimming is all that matters here.)
    static func mismatch(_ facet: Facet, _ value: UnsafeBufferPointer<UInt8>) -> String? {
        var s = 0, e = value.count
        if facet.collapses {
            while s < e, ScaledDecimal.isXMLSpace(value[s]) { s += 1 }
            while e > s, ScaledDecimal.isXMLSpace(value[e - 1]) { e -= 1 }
        }
        let normalized = UnsafeBufferPointer(rebasing: value[s..<e])
        return matches(facet.matcher, normalized) ? nil : String(decoding: normalized, as: UTF8.self)
    }

    static func matches(_ matcher: Matcher, _ v: UnsafeBufferPointer<UInt8>) -> Bool {
        switch matcher {
        case .signedAmount:
            let signed = v.first == UInt8(ascii: "-")
            return decimal(UnsafeBufferPointer(rebasing: v[(signed ? 1 : 0)...]), integer: 14, fraction: 2)
        case .amount: return decimal(v, integer: 14, fraction: 2)
        case .quantity: return decimal(v, integer: 12, fraction: 4)
        case .price: return decimal(v, integer: 12, fraction: 6)
        case .count: return (1...9).contains(v.count) && v.allSatisfy(isDigit)
        case .admdvs: return v.count == 6 && v.allSatisfy(isDigit)
        case .code:
            guard let first = v.first, isDigit(first) || isLetter(first) else { return false }
            return v.allSatisfy { isDigit($0) || isLetter($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
        case .text: return text(v)
        case .certno:
            return v.count == 18 && v[0..<17].allSatisfy(isDigit) && (isDigit(v[17]) || v[17] == UInt8(ascii: "X"))
        }
    }

    /// `[0-9]{1,integer}(\.[0-9]{1,fraction})?`
    private static func decimal(_ v: UnsafeBufferPointer<UInt8>, integer: Int, fraction: Int) -> Bool {
        var i = 0
        while i < v.count, isDigit(v[i]) { i += 1 }
        guard (1...integer).contains(i) else { return false }
        if i == v.count { return true }
        guard v[i] == 0x2E else { return false }
        let digits = v.count - i - 1
        return (1...fraction).contains(digits) && v[(i + 1)...].allSatisfy(isDigit)
    }

    /// ` *[^\p{Cc} ][^\p{Cc}]*` over code points: spaces, then one character neither a space
    /// nor a control, then no control (Cc: U+0000–U+001F, U+007F–U+009F).
    private static func text(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < v.count, v[i] == 0x20 { i += 1 }
        guard i < v.count else { return false }  // spaces only (or nothing)
        while i < v.count {
            let b = v[i]
            if b < 0x20 || b == 0x7F { return false }
            // U+0080–U+009F are C2 80 … C2 9F in UTF-8 (the document is well-formed UTF-8 by now)
            if b == 0xC2, i + 1 < v.count, (0x80...0x9F).contains(v[i + 1]) { return false }
            i += 1
        }
        return true
    }

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
}
