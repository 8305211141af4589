import Foundation
import Testing

@testable import YidiCore

/// `explain` for an auditor: the outcome first, item names, sums never cut in JSON, fields for
/// where the record came from, in the workspace's language.
@Suite struct ExplainForAuditorsTests {
    @Test func aLongSettlementReadsOutcomeFirstWithNamesAndWholeSums() throws {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz"])
        #expect(try ws.yidi(["run"]).status == 0)
        let id = "S110102000012509270003"  // 48 lines
        let zh = try ws.yidi(["explain", id]).stdout
        let lines = zh.split(separator: "\n")
        #expect(lines.first?.hasPrefix("结算 \(id)（已接收）") == true, "\(lines.first ?? "")")
        #expect(lines.count > 2 && lines[1].contains("接收结果：") && lines[1].contains("clr_amt"), "the outcome before the working")
        #expect(zh.contains("(48 terms)"), "a terminal shows a long sum cut")
        let full = try ws.yidi(["explain", id, "--full", "--lang", "en"]).stdout
        #expect(!full.contains("terms)") && full.hasPrefix("settlement \(id) (accepted)\n  as accepted: "))

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(ws.yidi(["explain", id, "--json"]).stdout.utf8)) as? [String: Any])
        let sums = try #require(json["sums"] as? [[String: String]])
        let total = try #require(sums.first { $0["name"] == "medfee_sumamt" })
        #expect(!(total["formula"] ?? "").contains("…") && (total["formula"] ?? "").components(separatedBy: " + ").count == 48, "\(total)")
        let place = try #require(json["place"] as? [String: Any])
        #expect(place["attempt"] as? Int == 1 && place["file_name"] as? String == "2025-10-05-H11010200001-01.xml.gz")
        #expect(place["run"] as? Int == 1 && (place["stored_path"] as? String)?.hasPrefix("archive/") == true)
        #expect(
            place["drop_id"] as? String == "H11010200001-20251005-01" && place["period"] as? String == "2025-10",
            "settled 2025-10-05: \(place)")
        let named = try #require(json["lines"] as? [[String: Any]]).compactMap { $0["med_list_name"] as? String }
        #expect(named.count == 48 && !named[0].isEmpty, "each line with the catalog's item name")
        #expect(zh.contains(named[0]))
    }
}
