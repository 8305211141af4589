import Foundation
import Testing

@testable import YidiCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What people read is in Chinese first, English available, and both say the same facts.
@Suite struct LanguageTests {
    /// The facts of a message: every token holding a digit or an underscore (codes, ids,
    /// amounts, dates, lines, element names), which must not depend on the language.
    static func facts(_ text: String) -> [String] {
        var tokens: [String] = [], current = ""
        for ch in text {
            if ch.isASCII && (ch.isLetter || ch.isNumber || "_.-:+=".contains(ch)) {
                current.append(ch)
            } else {
                tokens.append(current)
                current = ""
            }
        }
        tokens.append(current)
        return tokens.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".:-")) }
            .filter { $0.contains { $0.isNumber || $0 == "_" } }.sorted()
    }

    static func hasChinese(_ text: String) -> Bool { text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

    @Test("each sample drop's errors read the same facts in both languages", arguments: Fixtures.samples.map(\.0))
    func sampleMessages(file: String) throws {
        let result = try DropCheck(limits: DropLimits(), reference: Fixtures.reference)
            .run(path: Fixtures.repository + "/SampleDrops/" + file)
        for e in result.errors {
            #expect(Self.hasChinese(e.message.zh), "\(e.code): \(e.message.zh)")
            #expect(!Self.hasChinese(e.message.en), "\(e.code): \(e.message.en)")
            #expect(Self.facts(e.message.zh) == Self.facts(e.message.en), "\(e.code): \(e.message.zh) | \(e.message.en)")
        }
    }

    @Test func theFactsOfAMessageAreItsValuesNotItsWords() {
        #expect(Self.facts("medfee_sumamt 10.00 不等于明细金额之和 9.50") == ["10.00", "9.50", "medfee_sumamt"])
        #expect(Self.facts("medfee_sumamt 10.00 is not the sum of the lines 9.50") == ["10.00", "9.50", "medfee_sumamt"])
    }

    @Test func aSchemaErrorNamesTheFieldTheValueAndTheRuleInPlainWords() throws {
        let raw =
            "Element 'det_item_fee_sumamt': [facet 'pattern'] The value '12.345' is not accepted by the pattern '[0-9]{1,14}(\\.[0-9]{1,2})?'."
        let w = SchemaErrorWording(libxml2: raw)
        #expect(w.field == "det_item_fee_sumamt" && w.found == "12.345")
        #expect(w.message.zh == "det_item_fee_sumamt 的值 '12.345' 不符合要求：应为非负数字，整数部分最多 14 位，最多 2 位小数")
        #expect(
            w.message.en
                == "det_item_fee_sumamt: the value '12.345' is not accepted: a non-negative number with at most 14 digits before the point and at most 2 decimal places expected"
        )
        let missing = SchemaErrorWording(libxml2: "Element 'setl': Missing child element(s). Expected is ( psn_no ).")
        #expect(missing.field == "setl" && missing.found == nil && missing.message.en == "element setl lacks a child element: psn_no")
        let odd = SchemaErrorWording(libxml2: "something libxml2 says otherwise")
        #expect(
            odd.field == nil && odd.message.en == "something libxml2 says otherwise"
                && odd.message.zh.hasSuffix("something libxml2 says otherwise"))
    }

    @Test func aSchemaErrorInAFeeLineCarriesItsSettlementAndLine() throws {
        let result = try DropCheck(limits: DropLimits(), reference: Fixtures.reference)
            .run(path: Fixtures.repository + "/SampleDrops/2025-11-21-H44030400002-15-D004-bad-amounts.xml.gz")
        let d004 = result.errors.filter { $0.code == .schemaInvalid }
        #expect(!d004.isEmpty)
        for e in d004 {
            #expect(e.field != nil && e.found != nil && e.setlID != nil, "\(e)")
            #expect(!e.message.en.hasPrefix("Element '"), "\(e.message.en)")
        }
    }
}
