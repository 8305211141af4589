import Foundation
import Testing

@testable import YidiCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
        let strip = { (s: String) in
            s.replacingAll(zh.messages[0], with: "").replacingAll(en.messages[0], with: "")
                .split(separator: "\n").filter { !$0.contains("<received_at>") && !$0.contains("<run_id>") }
        }
        #expect(strip(zh.bytes) == strip(en.bytes))
    }

    @Test func validatePrintsChineseByDefaultAndRefusesAnUnknownLanguage() throws {
        let file = Fixtures.repository + "/SampleDrops/2025-11-21-H44030400002-18-D006-line-count.xml.gz"
        let zh = try YidiBinary.run(["validate", file])
        let en = try YidiBinary.run(["validate", "--lang", "en", file])
        #expect(zh.status == 65 && en.status == 65)
        #expect(LanguageTests.hasChinese(zh.stdout) && !LanguageTests.hasChinese(en.stdout))
        #expect(
            zh.stdout.split(separator: "\n").map { $0.split(separator: " ").first }
                == en.stdout.split(separator: "\n").map { $0.split(separator: " ").first })
        #expect(try YidiBinary.run(["validate", "--lang", "fr", file]).status == 64)
    }
}
