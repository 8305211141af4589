import Foundation
import Testing

@testable import YidiCore

/// reconciliation.md, "Feedback drop": `ReconciliationFeedbackDrop`s through `yidi run` on the
/// workspace's ledger (SQLite, and PostgreSQL in the second pass), every F code listed at once,
/// and the accepted lines deciding the month's clearing. Entries from ``ClearingTests/october(_:)``:
/// S1, S2 110000 → 440000; S3 440000 → 110000; S4 310000 → 110000.
@Suite("Reconciliation feedback drops: F001–F005, acknowledgements, latest line wins", .serialized)
struct ReconciliationFeedbackTests {
    typealias Books = ClearingTests.Books

    /// One feedback line: `setl_id`, role, flag, and the optional fields.
    struct Line {
        var setlID: String
        var role: String
        var flag: String
        var reason: String? = nil
        var deduction: String? = nil
        var deductionReason: String? = nil
    }

    static func drop(
        _ dropID: String, province: String, period: String = "2025-10", lines: [Line], entryCount: Int? = nil,
        deductionSum: String? = nil
    ) -> String {
        let sum = lines.compactMap { $0.deduction.flatMap { Amount($0) } }.reduce(Amount.zero, +)
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ReconciliationFeedbackDrop xmlns="urn:yidi:recon-feedback:1">
              <header>
                <drop_id>\(dropID)</drop_id>
                <prov_admdvs>\(province)</prov_admdvs>
                <period>\(period)</period>
                <created_at>2025-11-06T10:00:00</created_at>
                <entry_cnt>\(entryCount ?? lines.count)</entry_cnt>
                <dedc_sumamt>\(deductionSum ?? sum.description)</dedc_sumamt>
              </header>

            """
        for l in lines {
            xml += "  <entry>\n    <setl_id>\(l.setlID)</setl_id>\n    <role>\(l.role)</role>\n    <cnfm_flag>\(l.flag)</cnfm_flag>\n"
            if let r = l.reason { xml += "    <reason>\(r)</reason>\n" }
            if let d = l.deduction { xml += "    <dedc_amt>\(d)</dedc_amt>\n" }
            if let r = l.deductionReason { xml += "    <dedc_reason>\(r)</dedc_reason>\n" }
            xml += "  </entry>\n"
        }
        return xml + "</ReconciliationFeedbackDrop>\n"
    }

    /// The 1-based lines of the `<entry>` start tags of `xml`.
    static func entryLines(_ xml: String) -> [Int] {
        xml.split(separator: "\n", omittingEmptySubsequences: false).enumerated().filter { $0.element.contains("<entry>") }.map {
            $0.offset + 1
        }
    }

    private func reconciledOctober() throws -> Books {
        let b = try Books()
        try ClearingTests.october(b)
        _ = try ReconciliationIssuing(session: try WorkspaceSession(root: b.ws.root)).run(
            period: ClearingPeriod("2025-10")!,
            date: LocalDate("2025-11-03"))
        return b
    }

    @Test func acceptedLinesDecideTheClearingAndTheLatestLineWins() throws {
        let b = try reconciledOctober()
        b.ws.put(
            "440000-R202510-01.xml.gz",
            xml: Self.drop(
                "440000-R202510-01", province: "440000",
                lines: [
                    Line(setlID: "S1", role: "treatment", flag: "0", reason: "04"),
                    Line(setlID: "S2", role: "treatment", flag: "1", deduction: "500.00", deductionReason: "D3"),
                    Line(setlID: "S3", role: "insured", flag: "0", reason: "01")
                ]))
        b.ws.put(
            "440000-R202510-02.xml.gz",
            xml: Self.drop(
                "440000-R202510-02", province: "440000",
                lines: [
                    Line(setlID: "S3", role: "insured", flag: "1")  // withdraws the exclusion
                ]))
        let run = try b.ws.yidi(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let ack = try b.ws.ack("outbox/ack/440000/440000-R202510-01.1.xml")
        #expect(ack.fields["status"] == "accepted" && ack.fields["kind"] == "recon-feedback")
        #expect(ack.fields["entry_cnt"] == "3" && ack.fields["dedc_sumamt"] == "500.00" && ack.fields["line_cnt"] == "0")
        #expect(OutputSchemas.errors(file: b.ws.root + "/outbox/ack/440000/440000-R202510-01.1.xml", schema: "ack-1.xsd") == [])
        #expect(b.ws.files("archive").count == 2)

        _ = try b.clear("2025-10", on: "2025-11-11")
        #expect(
            try b.read("outbox/clearing/2025-10/CLR_ALL_2025-10.csv") == """
                insu_prov,mdtrt_prov,setl_cnt,revs_cnt,medfee_sumamt,fund_pay_sumamt,acct_pay,clr_amt,excl_cnt,excl_amt,dedc_cnt,dedc_amt,due_amt
                110000,440000,1,0,5000.00,3500.00,0.00,3500.00,1,700.00,1,500.00,3000.00
                310000,110000,1,0,100.00,40.00,10.00,50.00,0,0.00,0,0.00,50.00
                440000,110000,1,0,300.00,200.00,50.00,250.00,0,0.00,0,0.00,250.00

                """)

        // the metric, counted at the clearing: 4 candidates, S1 excluded, S2 deducted (and included)
        let ledger = try #require(b.ledger as? any ReconciliationLedger)
        let counted = try ledger.rows("SELECT labels, value FROM counter WHERE name = 'yidi_recon_entries_total'", [])
        #expect(
            Dictionary(uniqueKeysWithValues: counted.map { ($0.text(0), $0.int(1)) })
                == ["state=\"included\"": 3, "state=\"excluded\"": 1, "state=\"deducted\"": 1])

        // the report: the month's exclusions and deductions by pair and by reason
        let report = try MonthReport.read(b.ledger, period: ClearingPeriod("2025-10")!)
        let recon = try #require(report.reconciliation)
        #expect(
            recon.pairs == [
                .init(
                    insured: "110000", treatment: "440000", excluded: 1, excludedAmount: Amount("700.00")!,
                    deducted: 1, deductedAmount: Amount("500.00")!)
            ])
        #expect(
            recon.reasons.map { "\($0.kind) \($0.code) \($0.count) \($0.amount)" } == ["exclusion 04 1 700.00", "deduction D3 1 500.00"])
        #expect(
            ReportPage.html(report, .english).contains(
                "<td class=\"name\">110000 → 440000</td><td>1</td><td>700.00</td><td>1</td><td>500.00</td>"))

        // explain shows each line about an entry and where it was cleared or carried
        _ = try b.clear("2025-11", on: "2025-12-01")
        let ws = Workspace(root: b.ws.root)
        let records = try #require(b.ledger as? any RecordLedger)
        let s1 = try #require(try Explainer.explain(id: "S1", ledger: records, workspace: ws))
        let place = Dictionary(uniqueKeysWithValues: s1.place.map { ($0.name, $0.value) })
        #expect(place["reconciliation 2025-10"] == "candidate")
        #expect(place["feedback 1"] == "440000-R202510-01 from 440000 about 2025-10: treatment cnfm_flag 0 reason 04")
        #expect(place["cleared 2025-10"] == "excluded by the treatment role (reason 04), carried to 2025-11")
        #expect(place["cleared 2025-11"] == "included (carried, the month had no reconciliation)")
        let s3 = try #require(try Explainer.explain(id: "S3", ledger: records, workspace: ws))
        #expect(s3.place.filter { $0.name.hasPrefix("feedback") }.count == 2)
        #expect(s3.place.last?.name == "cleared 2025-10" && s3.place.last?.value == "included")

        // after the clearing, feedback for the month is refused (F001 on the header)
        let late = Self.drop("440000-R202510-03", province: "440000", lines: [Line(setlID: "S2", role: "treatment", flag: "1")])
        b.ws.put("440000-R202510-03.xml.gz", xml: late)
        #expect(try b.ws.yidi(["run"]).status == 1)
        #expect(try b.ws.ack("outbox/ack/440000/440000-R202510-03.1.xml").errors == ["F001:3"])
    }

    @Test func everyErrorOfAFeedbackDropIsListedAtOnce() throws {
        let b = try reconciledOctober()
        let xml = Self.drop(
            "440000-R202510-01", province: "440000",
            lines: [
                Line(setlID: "S9", role: "treatment", flag: "1"),  // F002
                Line(setlID: "S3", role: "treatment", flag: "1"),  // F003: 110000 treated S3
                Line(setlID: "S1", role: "treatment", flag: "0"),  // F004: no reason
                Line(setlID: "S1", role: "treatment", flag: "1"),  // F005
                Line(setlID: "S2", role: "treatment", flag: "1", deduction: "3500.01", deductionReason: "D3"),  // F004: over clr_amt
                Line(setlID: "S3", role: "insured", flag: "1", deduction: "1.00", deductionReason: "D9"),  // F004: insured role
                Line(setlID: "S3", role: "treatment", flag: "1", deductionReason: "D9")  // F004: reason alone, F005, F003
            ], entryCount: 8, deductionSum: "1.00")  // D006, D007
        b.ws.put("440000-R202510-01.xml.gz", xml: xml)
        #expect(try b.ws.yidi(["run"]).status == 1)
        let e = Self.entryLines(xml)
        let ack = try b.ws.ack("outbox/ack/440000/440000-R202510-01.1.xml")
        #expect(ack.fields["status"] == "rejected")
        #expect(
            ack.errors == [
                "D006:3", "D007:3", "F002:\(e[0])", "F003:\(e[1])", "F004:\(e[2])", "F005:\(e[3])", "F004:\(e[4])",
                "F004:\(e[5])", "F004:\(e[6])", "F005:\(e[6])", "F003:\(e[6])"
            ])
        #expect(OutputSchemas.errors(file: b.ws.root + "/outbox/ack/440000/440000-R202510-01.1.xml", schema: "ack-1.xsd") == [])

        // a month without a reconciliation (F001), a drop_id that is not the sender's (D009), an unknown province (R006)
        b.ws.put(
            "440000-R202509-01.xml.gz",
            xml: Self.drop(
                "440000-R202509-01", province: "440000", period: "2025-09",
                lines: [Line(setlID: "S1", role: "treatment", flag: "1")]))
        b.ws.put(
            "990000-R202510-01.xml.gz",
            xml: Self.drop(
                "990000-R202510-01", province: "990000",
                lines: [Line(setlID: "S1", role: "treatment", flag: "1")]))
        b.ws.put(
            "110000-R202510-01.xml.gz",
            xml: Self.drop(
                "440000-R202510-09", province: "110000",
                lines: [Line(setlID: "S1", role: "insured", flag: "1")]))
        #expect(try b.ws.yidi(["run"]).status == 1)
        #expect(try b.ws.ack("outbox/ack/440000/440000-R202509-01.1.xml").errors == ["F001:3"])
        #expect(try b.ws.ack("outbox/ack/990000/990000-R202510-01.1.xml").errors.first == "R006:3")
        #expect(try b.ws.ack("outbox/ack/_unknown/110000-R202510-01.xml.gz.1.xml").errors == ["D009:3"])
        // nothing of a rejected drop was recorded
        let ledger = try #require(b.ledger as? any ReconciliationLedger)
        #expect(try ledger.rows("SELECT COUNT(*) FROM recon_feedback", [])[0].int(0) == 0)
    }
}

extension ReconciliationFeedbackTests {
    /// The feedback schema's amount and code patterns checked in Swift give libxml2's errors.
    @Test func patternsInSwiftMatchTheStrictSchema() {
        let xml = Self.drop(
            "440000-R202510-01", province: "440000",
            lines: [
                Line(setlID: "S1", role: "treatment", flag: "1", deduction: "12.345", deductionReason: "D3"),
                Line(setlID: "-S2", role: "treatment", flag: "1")
            ], deductionSum: "1e3")
        let strict = PatternFacetTests.errors(xml, strict: true)
        #expect(PatternFacetTests.errors(xml, strict: false) == strict)
        #expect(strict.count == 3, "\(strict)")
    }
}

extension ReconciliationFeedbackTests {
    /// reconciliation.md, "Exactly once": a feedback drop and the clearing of its month never
    /// both win. Started together, either the drop commits first and the clearing excludes
    /// what it says, or the clearing commits first and the drop is rejected with F001 (a
    /// command refused with 75 by the other's lock is run again after it).
    @Test func aFeedbackDropRacingTheClearingOfItsMonthEitherCountsOrGetsF001() throws {
        for round in 1...4 {
            let b = try reconciledOctober()
            b.ws.put(
                "440000-R202510-01.xml.gz",
                xml: Self.drop(
                    "440000-R202510-01", province: "440000",
                    lines: [
                        Line(setlID: "S1", role: "treatment", flag: "0", reason: "04")
                    ]))
            let results = Locked<[String: Int32]>([:])
            let root = b.ws.root
            let threads = [("run", ["run"]), ("clear", ["clear", "--period", "2025-10", "--date", "2025-11-11"])].map { name, arguments in
                let done = DispatchSemaphore(value: 0)
                Thread {
                    let status: Int32
                    do { status = try YidiBinary.run(arguments + ["--workspace", root]).status } catch { status = -1 }
                    results.withLock { $0[name] = status }
                    done.signal()
                }.start()
                return done
            }
            for done in threads { done.wait() }
            let first = results.withLock { $0 }
            if first["run"] == 75 { #expect(try b.ws.yidi(["run"]).status != 75) }
            if first["clear"] == 75 { #expect(try b.ws.yidi(["clear", "--period", "2025-10", "--date", "2025-11-11"]).status == 0) }
            let ack = try b.ws.ack("outbox/ack/440000/440000-R202510-01.1.xml")
            let csv = try b.read("outbox/clearing/2025-10/CLR_ALL_2025-10.csv")
            if ack.fields["status"] == "accepted" {
                #expect(csv.contains("110000,440000,1,0,5000.00,3500.00,0.00,3500.00,1,700.00,0,0.00,3500.00"), "round \(round)")
            } else {
                #expect(ack.errors == ["F001:3"], "round \(round)")
                #expect(csv.contains("110000,440000,2,0,6000.00,4100.00,100.00,4200.00,0,0.00,0,0.00,4200.00"), "round \(round)")
            }
        }
    }
}
