import Foundation
import Testing

@testable import YidiCore

/// A drop that holds a settlement and its reversal (drops.md: "accepted in an earlier drop or
/// earlier in this drop"): the reversal is recorded under the original's pair on both ledgers.
@Suite("A reversal in the same drop as its settlement", .serialized)
struct SameDropReversalTests {
    static let sample = "2025-11-17-H44010600001-01.xml.gz"

    /// The sample drop with a reversal of its first settlement appended (header adjusted).
    static func dropWithItsReversal() throws -> (xml: String, setlID: String, total: Amount) {
        let xml = try sampleXML(sample)
        let first = try #require(assess(xml).settlements.first).settlement
        let section = try #require(xml.sectionBetween("<medfee_sumamt>", "</medfee_sumamt>"))
        let control = try #require(Amount(String(section.dropFirst("<medfee_sumamt>".count).dropLast("</medfee_sumamt>".count))))
        let reversal = """
              <setl_revs>
                <setl_id>REV-\(first.id)</setl_id>
                <orig_setl_id>\(first.id)</orig_setl_id>
                <revs_time>2025-11-17T20:00:00</revs_time>
                <medfee_sumamt>\(first.amounts.total)</medfee_sumamt>
              </setl_revs>

            """
        let edited =
            xml
            .replacingAll("<setl_cnt>4</setl_cnt>", with: "<setl_cnt>5</setl_cnt>")
            .replacingAll(
                "<medfee_sumamt>\(control)</medfee_sumamt>\n  </header>",
                with: "<medfee_sumamt>\(control - first.amounts.total)</medfee_sumamt>\n  </header>"
            )
            .replacingAll("</FeeDetailDrop>", with: reversal + "</FeeDetailDrop>")
        return (edited, first.id, first.amounts.total)
    }

    @Test func theReversalIsClearedUnderTheOriginalsPair() throws {
        let (xml, setlID, _) = try Self.dropWithItsReversal()
        #expect(assess(xml).errors.isEmpty, "\(assess(xml).errors)")
        let ws = try SampleWorkspace(drops: [])
        ws.put("a.xml.gz", xml: xml)
        let out = try ws.yidi(["run"])
        #expect(out.status == 0, "\(out.stderr)")
        let ledger = try ws.ledger()
        let rows = try TestLedger.rows(
            """
            SELECT r.insu_prov, s.insu_prov, r.mdtrt_prov, s.mdtrt_prov, r.insutype, s.insutype, r.med_type, s.med_type, s.reversed_by
            FROM reversal r JOIN settlement s ON s.setl_id = r.orig_setl_id
            """, in: ledger)
        #expect(rows == [["320000", "320000", "440000", "440000", "390", "390", "11", "11", "REV-\(setlID)"]])
        // the insured province's file holds the reversal
        let file = try #require(ws.files("outbox/settlement").first { $0.hasPrefix("320000/") })
        let setl = String(decoding: try gunzip(ws.root + "/outbox/settlement/" + file), as: UTF8.self)
        #expect(setl.contains("<orig_setl_id>\(setlID)</orig_setl_id>"))
        // the month's clearing: the pair nets to nothing, and no pair without a payer
        #expect(try ws.yidi(["clear", "--period", "2025-11", "--date", "2025-12-10"]).status == 0)
        let summary = try String(contentsOfFile: ws.root + "/outbox/clearing/2025-11/CLR_ALL_2025-11.xml", encoding: .utf8)
        #expect(!summary.contains("<insu_prov></insu_prov>"))
        let pair = try #require(summary.sectionBetween("<insu_prov>320000</insu_prov>", "</pair>"))
        #expect(pair.contains("<setl_cnt>1</setl_cnt>") && pair.contains("<revs_cnt>1</revs_cnt>"))
        #expect(pair.contains("<clr_amt>0.00</clr_amt>"), "\(pair)")
    }
}
