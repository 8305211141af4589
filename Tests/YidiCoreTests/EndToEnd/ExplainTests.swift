import Foundation
import Testing

@testable import YidiCore

/// `yidi explain` (README, Command line): every amount of one record traced to the reference
/// rows, the accumulators and the formulas of rules.md, with the numbers put in.
@Suite("yidi explain: every amount traced to its sources", .serialized)
struct ExplainTests {
    /// rules.md's worked example, accepted, then explained: every figure of the example appears.
    @Test func theWorkedExampleShowsEveryFigure() throws {
        let ws = try SampleWorkspace(drops: [])
        ws.put("2026-11-25-H44010600001-01.xml.gz", xml: WorkedExampleTests.xml)
        let run = try ws.yidi(["run"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let out = try ws.yidi(["explain", "--lang", "en", "S20261124000001"])
        #expect(out.status == 0, "\(out.stderr)")
        let text = out.stdout
        for figure in [
            "settlement S20261124000001 (accepted)",
            // the lines: the cap, the class-B shares, class C
            "overlmt_amt = round2((pric − cap) × cnt) = round2((150.00 − 120.00) × 2) = round2(30 × 2) = 60.00",
            "preselfpay_amt = round2(base × selfpay_prop) = round2(12.30 × 0.05) = round2(0.615) = 0.62",
            "inscp_scp_amt = base − preselfpay_amt = 12.30 − 0.62 = 11.68",
            "preselfpay_amt = round2(base × selfpay_prop) = round2(100.00 × 0.10) = round2(10) = 10.00",
            "inscp_scp_amt = base − preselfpay_amt = 100.00 − 10.00 = 90.00",
            "fulamt_ownpay_amt = amt (class C, not covered) = 25.50",
            "category 09, class 02, selfpay_prop 0.10; cnt 3 × pric 33.333333, amt 100.00",
            // the sums and the categories
            "= 25.50 + 60.00 + 10.62 + 391.68 = 487.80",
            "categories: 02 50.00, 04 12.30, 08 300.00, 09 100.00, 14 25.50",
            // the policy, the grade, the cut
            "grade: hosp_lv 3 (institutions.csv line",
            "dedc 1800.00, dedc_scope year", "ratio_lv3 0.70", "annual_cap 20000.00", "cut_referral 0.10",
            "cut = cut_referral (filing_type 2) = 0.10",
            // the formulas
            "dedc_left = max(0, dedc − cum_dedc_before) = max(0, 1800.00 − 1700.00) = 100.00",
            "act_pay_dedc = min(inscp_scp_amt, dedc_left) = min(391.68, 100.00) = 100.00",
            "ratio = max(0, ratio_lv3 − cut) = max(0, 0.70 − 0.10) = 0.60",
            "round2(291.68 × 0.60) = round2(175.008) = 175.01",
            "hifp_pay = min(fund_raw, max(0, annual_cap − cum_fund_before)) = min(175.01, max(0, 20000.00 − 0.00)) = 175.01",
            "psn_part_amt = medfee_sumamt − fund_pay_sumamt = 487.80 − 175.01 = 312.79",
            "clr_amt = fund_pay_sumamt + acct_pay = 175.01 + 100.00 = 275.01",
            // where it belongs
            "drop_id: H44010600001-20261124-01", "period: 2026-11"
        ] {
            #expect(text.contains(figure), "missing: \(figure)")
        }
        #expect(
            !text.contains("张三") && !text.contains("11010519491231002X") && text.contains("certno …002X"),
            "no name, the certificate number by its last four characters")
        #expect(!text.contains("differences"), "recomputed from the rows it shows, every amount equals the ledger's")

        // each row named is the row of the file: line numbers as a person counts them (header = 1)
        let catalog = try String(contentsOfFile: ws.root + "/reference/catalog.csv", encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(ws.yidi(["explain", "--lang", "en", "S20261124000001", "--json"]).stdout.utf8))
                as? [String: Any])
        let lines = try #require(json["lines"] as? [[String: Any]])
        #expect(lines.count == 5)
        for line in lines {
            let source = try #require(line["catalog"] as? [String: Any])
            let row = catalog[(source["line"] as! Int) - 1]
            #expect(row.contains("," + (line["med_list_codg"] as! String) + ","), "\(row)")
        }
        let formulas = try #require(json["formulas"] as? [[String: String]])
        #expect(formulas.first { $0["name"] == "hifp_pay" }?["value"] == "175.01")
        #expect((json["result"] as? [String: String])?["clr_amt"] == "275.01")
        #expect((json["policy"] as? [String: Any])?["step"] as? String == "province")
    }

    /// A claim's accumulators are the earlier records that add up to them: the settlements and
    /// the earlier claim of the same person, key and year, not the reversed settlement.
    @Test func aClaimNamesTheRecordsItsAccumulatorsAddUp() throws {
        typealias V = DropBuilder.Visit
        typealias A = DropBuilder.Amounts
        let ws = try SampleWorkspace(drops: [])
        ws.put(
            "a.xml.gz",
            xml: DropBuilder.feeDetail(
                dropID: "H44010600001-20260310-11", createdAt: "2026-03-10T01:00:00",
                settlements: [
                    (
                        V(id: "S1", medType: "11", date: "2026-03-02", count: 4),
                        A(cumDeductibleBefore: 175_000, deductiblePaid: 5_000, fund: 10_500)
                    ),
                    (
                        V(id: "S2", medType: "11", date: "2026-03-03", count: 6),
                        A(cumDeductibleBefore: 180_000, deductiblePaid: 0, fund: 21_000)
                    ),
                    (
                        V(id: "S3", medType: "11", date: "2026-03-04", count: 2),
                        A(cumDeductibleBefore: 180_000, deductiblePaid: 0, fund: 7_000)
                    )
                ]))
        #expect(try ws.yidi(["run"]).status == 0)
        ws.put(
            "b.xml.gz",
            xml: DropBuilder.feeDetail(
                dropID: "H44010600001-20260320-11", createdAt: "2026-03-20T01:00:00",
                settlements: [], reversals: [(id: "R3", original: "S3", total: 10_000)]))
        ws.put(
            "c.xml.gz",
            xml: DropBuilder.manual(
                dropID: "H31010400001-20260321-11", createdAt: "2026-03-21T01:00:00",
                claims: [V(id: "CA", medType: "11", date: "2026-03-15", count: 40)]))
        #expect(try ws.yidi(["run"]).status == 0)
        ws.put(
            "d.xml.gz",
            xml: DropBuilder.manual(
                dropID: "H31010400001-20260328-11", createdAt: "2026-03-28T01:00:00",
                claims: [V(id: "CB", medType: "11", date: "2026-03-25", count: 2)]))
        #expect(try ws.yidi(["run"]).status == 0)

        let out = try ws.yidi(["explain", "--lang", "en", "CB"])
        #expect(out.status == 0, "\(out.stderr)")
        // before CB: S1 + S2 + CA = dedc 50.00 + 0.00 + 1750.00, fund 105.00 + 210.00 + 100.00
        #expect(
            out.stdout.contains(
                "cum_dedc_before = Σ act_pay_dedc of the 3 earlier records of psn_no, insu_admdvs, insutype, med_type in 2026 = 50.00 + 0.00 + 1750.00 = 1800.00"
            ))
        #expect(
            out.stdout.contains(
                "cum_fund_before = Σ hifp_pay of the 3 earlier records of psn_no, insu_admdvs, insutype, med_type in 2026 = 105.00 + 210.00 + 100.00 = 415.00"
            ))
        #expect(
            out.stdout.contains("setl S1 (drop H44010600001-20260310-11)")
                && out.stdout.contains("claim CA (drop H31010400001-20260321-11)"))
        #expect(!out.stdout.contains("S3"), "the reversed settlement does not count")
        #expect(out.stdout.contains("reim_amt = hifp_pay = 40.00") && !out.stdout.contains("differences"))
        let s3 = try ws.yidi(["explain", "--lang", "en", "S3"])
        #expect(s3.stdout.contains("reversed by setl_id R3, drop_id H44010600001-20260320-11"))
    }

    /// Every accepted record of the sample night explains, and its numbers are the ledger's.
    @Test func everyAcceptedRecordOfTheSampleNightExplains() throws {
        let ws = try SampleWorkspace()
        #expect(try ws.yidi(["run"]).status == 1)
        let ledger = try ws.ledger() as! any RecordLedger
        let rows = try TestLedger.rows(
            """
            SELECT setl_id, act_pay_dedc, hifp_pay, psn_part_amt FROM settlement
            UNION ALL SELECT claim_id, act_pay_dedc, hifp_pay, psn_part_amt FROM claim
            """, in: ledger)
        #expect(rows.count > 50)
        for row in rows {
            let e = try #require(try Explainer.explain(id: row[0], ledger: ledger, workspace: Workspace(root: ws.root)))
            #expect(e.accepted && e.differences.isEmpty, "\(row[0]): \(e.differences)")
            let formulas = Dictionary(e.formulas.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            for (i, name) in ["act_pay_dedc", "hifp_pay", "psn_part_amt"].enumerated() {
                let fen = Amount(fen: Int128(Int64(row[i + 1])!)).description
                #expect(formulas[name] == fen && e.result.first { $0.name == name }?.value == fen, "\(row[0]) \(name)")
            }
        }
        #expect(try ws.yidi(["explain", "--lang", "en", "NO-SUCH-ID"]).status == 66)
    }

    /// A catalog changed after the run: the rows the run used are read from reference-history/;
    /// without that copy, today's rows are shown and marked, and the differences said.
    @Test func aChangedCatalogIsReadAsTheRunUsedIt() throws {
        let ws = try SampleWorkspace(drops: [])
        ws.put("2026-11-25-H44010600001-01.xml.gz", xml: WorkedExampleTests.xml)
        #expect(try ws.yidi(["run"]).status == 0)
        let path = ws.root + "/reference/catalog.csv"
        let before = try String(contentsOfFile: path, encoding: .utf8)
        let recorded = try FileHash.sha256(of: path)
        // the cap of the catheter (08, 120.00) raised to 130.00
        let lines = before.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.contains("YB08MAT09") ? Substring(line.replacingOccurrences(of: ",120.00,", with: ",130.00,")) : line
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try String(contentsOfFile: path, encoding: .utf8) != before)

        let archived = try ws.yidi(["explain", "--lang", "en", "S20261124000001"]).stdout
        #expect(archived.contains("catalog.csv \(recorded.prefix(12))… changed since; read from reference-history/"))
        #expect(archived.contains("round2((150.00 − 120.00) × 2) = round2(30 × 2) = 60.00") && !archived.contains("differences"))

        try FileManager.default.removeItem(atPath: ws.root + "/reference-history/\(recorded).csv")
        let today = try ws.yidi(["explain", "--lang", "en", "S20261124000001"]).stdout
        #expect(today.contains("changed since and not kept: today's file is read, possibly different"))
        #expect(today.contains("today's row: the file changed since, possibly different"))
        #expect(
            today.contains("differences")
                && today.contains("the catalog row gives parts 0.00/40.00/0.00/260.00, the ledger holds 0.00/60.00/0.00/240.00"))
    }

    /// A rejected settlement is explained from its latest attempt's reading, marked so, with
    /// its errors and where the drop's amounts differ from the recomputation.
    @Test func aRejectedSettlementIsExplainedFromItsLatestAttempt() throws {
        let ws = try SampleWorkspace(drops: [])
        ws.put(
            "2026-11-25-H44010600001-01.xml.gz", xml: WorkedExampleTests.xml.replacingAll("<hifp_pay>175.01<", with: "<hifp_pay>175.00<"))
        #expect(try ws.yidi(["run"]).status == 1)
        let out = try ws.yidi(["explain", "--lang", "en", "S20261124000001"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("settlement S20261124000001 (REJECTED: from its latest attempt's reading)"))
        #expect(out.stdout.contains("B009 line") && out.stdout.contains("hifp_pay: the rows above give 175.01, the drop says 175.00"))
        #expect(out.stdout.contains("round2(291.68 × 0.60) = round2(175.008) = 175.01"))
    }
}
