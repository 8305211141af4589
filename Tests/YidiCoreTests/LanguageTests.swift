import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import YidiCore

/// What people read is in Chinese first, English available, and both say the same facts.
@Suite struct LanguageTests {
    /// The facts of a message: every token holding a digit or an underscore (codes, ids,
    /// amounts, dates, lines, element names), which must not depend on the language.
    static func facts(_ text: String) -> [String] {
        var tokens: [String] = [], current = ""
        for ch in text {
            if ch.isASCII && (ch.isLetter || ch.isNumber || "_.-:+=".contains(ch)) { current.append(ch) } else {
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
        let raw = "Element 'det_item_fee_sumamt': [facet 'pattern'] The value '12.345' is not accepted by the pattern '[0-9]{1,14}(\\.[0-9]{1,2})?'."
        let w = SchemaErrorWording(libxml2: raw)
        #expect(w.field == "det_item_fee_sumamt" && w.found == "12.345")
        #expect(w.message.zh == "det_item_fee_sumamt 的值 '12.345' 不符合要求：应为非负数字，整数部分最多 14 位，最多 2 位小数")
        #expect(w.message.en == "det_item_fee_sumamt: the value '12.345' is not accepted: a non-negative number with at most 14 digits before the point and at most 2 decimal places expected")
        let missing = SchemaErrorWording(libxml2: "Element 'setl': Missing child element(s). Expected is ( psn_no ).")
        #expect(missing.field == "setl" && missing.found == nil && missing.message.en == "element setl lacks a child element: psn_no")
        let odd = SchemaErrorWording(libxml2: "something libxml2 says otherwise")
        #expect(odd.field == nil && odd.message.en == "something libxml2 says otherwise" && odd.message.zh.hasSuffix("something libxml2 says otherwise"))
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

/// One typo reads as one problem: the errors built on a wrong line amount name it and follow it.
@Suite struct CausedByTests {
    @Test func theSumsBuiltOnAWrongLineAmountNameItAndComeAfterIt() throws {
        // a valid sample drop whose first line amount gets ten fen too many
        var xml = try sampleXML("2025-10-05-H11010200001-01.xml.gz")
        let open = try #require(xml.range(of: "<det_item_fee_sumamt>")), close = try #require(xml.range(of: "</det_item_fee_sumamt>"))
        let amount = try #require(Amount(String(xml[open.upperBound..<close.lowerBound])))
        xml.replaceSubrange(open.upperBound..<close.lowerBound, with: (amount + Amount(fen: 10)).description)
        let dir = TemporaryDirectory()
        let result = try DropCheck(limits: DropLimits(), reference: Fixtures.reference)
            .run(path: dir.writeDrop("drop.xml.gz", xml: xml))
        let codes = result.errors.map { "\($0.code):\($0.line ?? 0):\($0.message.en)" }
        let b004 = try #require(result.errors.last)
        #expect(b004.code == .lineAmountMismatch && b004.causedBy == nil && b004.feedetlSN != nil, "\(codes)")
        let followers = result.errors.dropLast()
        #expect(followers.contains { $0.code == .totalMismatch } && followers.contains { $0.code == .categoryMismatch }, "\(codes)")
        for e in followers {
            #expect(e.causedBy == DropError.Cause(code: .lineAmountMismatch, line: try #require(b004.line)), "\(e.code)")
            #expect(e.line ?? 0 < b004.line ?? 0, "on the settlement's start line, before the fee line, in the order of lines rules.md fixes")
        }
        #expect(result.errors.map { $0.line ?? 0 } == result.errors.map { $0.line ?? 0 }.sorted())
    }

    @Test func aSumWrongOnItsOwnNamesNoCause() throws {
        let result = try DropCheck(limits: DropLimits(), reference: Fixtures.reference)
            .run(path: Fixtures.repository + "/SampleDrops/2025-11-25-H44030400002-42-B006-total-not-sum.xml.gz")
        #expect(result.errors.map(\.code) == [.totalMismatch] && result.errors[0].causedBy == nil)
    }
}

/// The language setting reaches what people read, and nothing else changes with it.
@Suite struct LanguageSettingTests {
    static let broken = "2025-11-25-H44030400002-40-B004-line-amount.xml.gz"

    /// The messages of an acknowledgement, in order.
    static func messages(_ path: String) throws -> [String] {
        let doc = try XMLDocument(contentsOf: URL(fileURLWithPath: path))
        return try doc.nodes(forXPath: "//*[local-name()='message']").map { $0.stringValue ?? "" }
    }

    @Test func theAcknowledgementIsInChineseByDefaultAndInEnglishWhenSet() throws {
        var acks: [String: (messages: [String], bytes: String)] = [:]
        for language in ["", "en"] {
            let ws = try SampleWorkspace(drops: [Self.broken])
            if !language.isEmpty {
                let settings = ws.root + "/yidi.toml"
                let old = (try? String(contentsOfFile: settings, encoding: .utf8)) ?? ""
                try (old + "\nlanguage = \"\(language)\"\n").write(toFile: settings, atomically: true, encoding: .utf8)
            }
            #expect(try ws.yidi(["run"]).status == 1)
            let ack = try #require(ws.files("outbox/ack").first { $0.hasSuffix(".xml") })
            let path = ws.root + "/outbox/ack/" + ack
            #expect(OutputSchemas.errors(file: path, schema: "ack-1.xsd") == [])
            #expect(try ws.ack("outbox/ack/" + ack).errors == ["B004:73"])
            acks[language] = (try Self.messages(path), try String(contentsOfFile: path, encoding: .utf8))
            // status prints the stored message in the language asked for
            let dropID = try #require(ack.split(separator: "/").last?.split(separator: ".").first.map(String.init))
            let zh = try ws.yidi(["status", dropID, "--lang", "zh-CN"]).stdout
            let en = try ws.yidi(["status", dropID, "--lang", "en"]).stdout
            #expect(LanguageTests.hasChinese(zh) && !LanguageTests.hasChinese(en), "\(zh)\n\(en)")
        }
        let zh = try #require(acks[""]), en = try #require(acks["en"])
        #expect(zh.messages.count == 1 && LanguageTests.hasChinese(zh.messages[0]))
        #expect(en.messages.count == 1 && !LanguageTests.hasChinese(en.messages[0]))
        #expect(LanguageTests.facts(zh.messages[0]) == LanguageTests.facts(en.messages[0]))
        // only the message differs: codes, elements and values are the same bytes
        let strip = { (s: String) in s.replacingAll(zh.messages[0], with: "").replacingAll(en.messages[0], with: "")
            .split(separator: "\n").filter { !$0.contains("<received_at>") && !$0.contains("<run_id>") } }
        #expect(strip(zh.bytes) == strip(en.bytes))
    }

    @Test func validatePrintsChineseByDefaultAndRefusesAnUnknownLanguage() throws {
        let file = Fixtures.repository + "/SampleDrops/2025-11-21-H44030400002-18-D006-line-count.xml.gz"
        let zh = try YidiBinary.run(["validate", file])
        let en = try YidiBinary.run(["validate", "--lang", "en", file])
        #expect(zh.status == 65 && en.status == 65)
        #expect(LanguageTests.hasChinese(zh.stdout) && !LanguageTests.hasChinese(en.stdout))
        #expect(zh.stdout.split(separator: "\n").map { $0.split(separator: " ").first } == en.stdout.split(separator: "\n").map { $0.split(separator: " ").first })
        #expect(try YidiBinary.run(["validate", "--lang", "fr", file]).status == 64)
    }
}

/// Refusals an operator acts on are said in the workspace's language too.
@Suite struct RefusalLanguageTests {
    @Test func aRefusalIsChineseByDefaultAndEnglishWhenSet() throws {
        let ws = try SampleWorkspace(drops: [])
        let zh = try ws.yidi(["clear", "--period", "2025-10", "--date", "2025-10-31"])
        #expect(zh.status == 65 && zh.stderr == "yidi: 拒绝执行：期间 2025-10 在 2025-10-31 尚未结束：自 2025-11-01 起方可关账\n", "\(zh.stderr)")
        let settings = ws.root + "/yidi.toml"
        let old = (try? String(contentsOfFile: settings, encoding: .utf8)) ?? ""
        try (old + "\nlanguage = \"en\"\n").write(toFile: settings, atomically: true, encoding: .utf8)
        let en = try ws.yidi(["clear", "--period", "2025-10", "--date", "2025-10-31"])
        #expect(en.status == 65 && en.stderr == "yidi: refused: period 2025-10 is not over on 2025-10-31: it can be closed from 2025-11-01\n", "\(en.stderr)")
        let status = try ws.yidi(["status", "NOPE-1", "--lang", "zh-CN"])
        #expect(status.status == 66 && status.stderr.contains("账本中没有数据包 NOPE-1"), "--lang wins over the setting")
    }
}
