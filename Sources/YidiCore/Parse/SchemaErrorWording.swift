/// A D004 as a hospital's IT staff reads it: the field, the value found and the rule in plain
/// words, in both languages, made from what libxml2 (or the Swift pattern check, which words its
/// findings as libxml2 does) said.
///
/// libxml2 words its validity errors in a few fixed forms ("Element 'x': …"); a form not known
/// here keeps libxml2's own text, so nothing libxml2 found is ever lost.
struct SchemaErrorWording {
    /// The element the error is about.
    var field: String?
    /// The value the drop holds, where libxml2 names it.
    var found: String?
    /// The message.
    var message: Phrase

    init(libxml2 raw: String) {
        guard raw.hasPrefix("Element '"), let fieldEnd = raw.dropFirst(9).firstIndex(of: "'") else {
            field = nil
            message = Phrase(zh: "不符合数据包格式（XSD）：\(raw)", en: raw)
            return
        }
        let name = String(raw[raw.index(raw.startIndex, offsetBy: 9)..<fieldEnd])
        let rest = String(raw[raw.index(after: fieldEnd)...].dropFirst(2))
        field = name
        if rest.hasPrefix("[facet 'pattern'] The value '"), let value = Self.quoted(rest, after: "The value '"),
            let pattern = Self.quoted(rest, after: "by the pattern '")
        {
            found = value
            let rule = Self.rule(ofPattern: pattern)
            message = Phrase(
                zh: "\(name) 的值 '\(value)' 不符合要求：应为\(rule.zh)",
                en: "\(name): the value '\(value)' is not accepted: \(rule.en) expected")
        } else if let value = Self.quoted(rest, after: ""), rest.contains("is not a valid value of the") {
            found = value
            let type =
                rest.contains("'xs:date'") || rest.contains("'date'")
                ? Phrase(zh: "日期（YYYY-MM-DD）", en: "a date (YYYY-MM-DD)")
                : rest.contains("dateTime")
                    ? Phrase(zh: "日期时间（YYYY-MM-DDThh:mm:ss）", en: "a date and time (YYYY-MM-DDThh:mm:ss)")
                    : rest.contains("decimal")
                        ? Phrase(zh: "数字", en: "a number")
                        : rest.contains("nonNegativeInteger")
                            ? Phrase(zh: "非负整数", en: "a whole number of at least 0")
                            : Phrase(verbatim: rest)
            message = Phrase(
                zh: "\(name) 的值 '\(value)' 不符合要求：应为\(type.zh)",
                en: "\(name): the value '\(value)' is not accepted: \(type.en) expected")
        } else if rest.hasPrefix("This element is not expected.") {
            let expected = Self.expectation(rest)
            message = Phrase(
                zh: "此处不应出现元素 \(name)\(expected.map { "，应为 \($0)" } ?? "")",
                en: "element \(name) is not expected here\(expected.map { "; expected: \($0)" } ?? "")")
        } else if rest.hasPrefix("Missing child element(s).") {
            let expected = Self.expectation(rest)
            message = Phrase(
                zh: "元素 \(name) 缺少子元素\(expected.map { "：\($0)" } ?? "")",
                en: "element \(name) lacks a child element\(expected.map { ": \($0)" } ?? "")")
        } else if rest.hasPrefix("[facet 'enumeration'] The value '"), let value = Self.quoted(rest, after: "The value '") {
            found = value
            message = Phrase(zh: "\(name) 的值 '\(value)' 不在允许的取值范围内", en: "\(name): the value '\(value)' is not one of the allowed values")
        } else if rest.contains("[facet 'maxLength']"), let limit = Self.quoted(rest, after: "maximum length of '") {
            message = Phrase(zh: "\(name) 的长度超过 \(limit) 个字符", en: "\(name) is longer than \(limit) characters")
        } else if rest.contains("[facet 'minLength']"), let limit = Self.quoted(rest, after: "minimum length of '") {
            message = Phrase(zh: "\(name) 的长度少于 \(limit) 个字符", en: "\(name) is shorter than \(limit) characters")
        } else {
            message = Phrase(zh: "\(name) 不符合数据包格式（XSD）：\(rest)", en: raw)
        }
    }

    /// The text between `marker` and the next `'`.
    private static func quoted(_ text: String, after marker: String) -> String? {
        guard let start = marker.isEmpty ? text.firstIndex(of: "'").map(text.index(after:)) : text.firstRange(of: marker)?.upperBound,
            let end = text[start...].firstIndex(of: "'")
        else { return nil }
        return String(text[start..<end])
    }

    /// What libxml2 said it expected ("Expected is ( a, b )."), as "a, b".
    private static func expectation(_ text: String) -> String? {
        guard let open = text.firstRange(of: "( "), let close = text[open.upperBound...].firstRange(of: " )") else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    /// The schemas' patterns in plain words; any other pattern is named as written.
    static func rule(ofPattern pattern: String) -> Phrase {
        if let amount = amountRule(pattern) { return amount }
        switch pattern {
        case "[0-9]{4}-[0-9]{2}-[0-9]{2}": return Phrase(zh: "日期 YYYY-MM-DD", en: "a date YYYY-MM-DD")
        case "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}":
            return Phrase(zh: "日期时间 YYYY-MM-DDThh:mm:ss（不带时区）", en: "a date and time YYYY-MM-DDThh:mm:ss (no time zone)")
        case "[0-9]{4}-(0[1-9]|1[0-2])": return Phrase(zh: "月份 YYYY-MM", en: "a month YYYY-MM")
        case "[0-9]{2}0000": return Phrase(zh: "省级区划代码（XX0000）", en: "a province code (XX0000)")
        case "[0-9]{6}": return Phrase(zh: "6 位行政区划代码", en: "a 6-digit area code")
        case "[0-9]{17}[0-9X]": return Phrase(zh: "18 位身份证号码（末位可为 X）", en: "an 18-character certificate number (last may be X)")
        case "0[1-9]|1[0-4]": return Phrase(zh: "费用类别 01 至 14", en: "a category 01 to 14")
        case "[0-9]{1,9}": return Phrase(zh: "最多 9 位的整数", en: "a whole number of at most 9 digits")
        case "[0-9]{1,3}": return Phrase(zh: "最多 3 位的整数", en: "a whole number of at most 3 digits")
        default: return Phrase(zh: "符合格式 \(pattern) 的值", en: "a value of the form \(pattern)")
        }
    }

    /// `-?[0-9]{1,I}(\.[0-9]{1,D})?` and `-?[0-9]{1,I}\.[0-9]{2}`: amounts, quantities, prices.
    private static func amountRule(_ pattern: String) -> Phrase? {
        let signed = pattern.hasPrefix("-?")
        let body = signed ? String(pattern.dropFirst(2)) : pattern
        guard body.hasPrefix("[0-9]{1,"), let comma = body.firstIndex(of: "}") else { return nil }
        let digits = body[body.index(body.startIndex, offsetBy: 8)..<comma]
        let tail = body[body.index(after: comma)...]
        let sign = signed ? Phrase(zh: "", en: "") : Phrase(zh: "非负", en: "non-negative ")
        if tail.hasPrefix("(\\.[0-9]{1,"), let d = tail.dropFirst(11).first {
            return Phrase(
                zh: "\(sign.zh)数字，整数部分最多 \(digits) 位，最多 \(d) 位小数",
                en: "a \(sign.en)number with at most \(digits) digits before the point and at most \(d) decimal places")
        }
        if tail == "\\.[0-9]{2}" {
            return Phrase(
                zh: "\(sign.zh)数字，整数部分最多 \(digits) 位，恰好 2 位小数",
                en: "a \(sign.en)number with at most \(digits) digits before the point and exactly 2 decimal places")
        }
        return tail.isEmpty ? Phrase(zh: "最多 \(digits) 位的整数", en: "a whole number of at most \(digits) digits") : nil
    }
}
