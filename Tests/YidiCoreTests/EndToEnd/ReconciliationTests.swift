import Foundation
import Testing

@testable import YidiCore

/// reconciliation.md on the workspace's ledger (SQLite, and PostgreSQL in the second pass):
/// issuing a month's reconciliation, freezing it, and clearing it on the provinces' feedback —
/// exclusions carried to the next month, deductions netted on `due_amt`. Amounts by hand from
/// ``ClearingTests/october(_:)``.
@Suite("Reconciliation: statements, freezing, exclusions, deductions, due_amt", .serialized)
struct ReconciliationTests {
    typealias Books = ClearingTests.Books

    private func recon(_ b: Books, _ period: String, on date: String) throws(YidiError) -> ReconciliationIssuing.Result {
        try ReconciliationIssuing(session: try WorkspaceSession(root: b.ws.root)).run(
            period: ClearingPeriod(period)!, date: LocalDate(date))
    }

    private func inflated(_ b: Books, _ relative: String) throws -> String {
        String(decoding: try YidiCoreTests.gunzip(b.ws.root + "/" + relative), as: UTF8.self)
    }

    /// A province's feedback line about a candidate, as an accepted feedback drop records it.
    private func feedback(
        _ b: Books, _ setlID: String, _ role: String, province: String, confirm: Bool, reason: String? = nil,
        deduction: Int64? = nil, deductionReason: String? = nil, period: String = "2025-10"
    ) throws {
        let ledger = try #require(b.ledger as? any ReconciliationLedger)
        let attempt = try ledger.rows("SELECT MIN(id) FROM attempt", [])[0].int(0)
        let seq = try ledger.rows("SELECT COALESCE(MAX(seq), 0) + 1 FROM recon_feedback", [])[0].int(0)
        try ledger.execute([
            (
                """
                INSERT INTO recon_feedback (seq, attempt_id, drop_id, prov_admdvs, period, line, setl_id, role, cnfm_flag, reason,
                                            dedc_amt, dedc_reason)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """,
                [
                    .int(seq), .int(attempt), .text("\(province)-R\(seq)"), .text(province), .text(period), .int(3), .text(setlID),
                    .text(role), .int(confirm ? 1 : 0), .text(reason), .int(deduction), .text(deductionReason)
                ]
            )
        ])
    }

    @Test func refusedWhileTheMonthIsNotOverOrAnEarlierMonthIsOpenOrItWasClearedWithout() throws {
        let b = try Books()
        try ClearingTests.october(b)
        #expect(throws: YidiError.self) { try recon(b, "2025-10", on: "2025-10-31") }
        #expect(throws: YidiError.self) { try recon(b, "2025-11", on: "2025-12-03") }  // October open
        _ = try b.clear("2025-10", on: "2025-11-03")
        do {
            _ = try recon(b, "2025-10", on: "2025-11-04")
            Issue.record("a month cleared without a reconciliation was reconciled")
        } catch { #expect(error.kind == .refused && error.message.contains("without a reconciliation")) }
        #expect(!FileManager.default.fileExists(atPath: b.ws.root + "/outbox/recon"))
    }

    @Test func statementsPerProvinceAndReissuedByteForByte() throws {
        let b = try Books()
        try ClearingTests.october(b)
        let first = try recon(b, "2025-10", on: "2025-11-03")
        #expect(first.issuedNow && first.candidates == 4)
        // Monday 3 Nov + 5 working days
        #expect(first.reconciliation.feedbackBy == LocalDate("2025-11-10"))
        #expect(first.files == ["110000", "310000", "440000"].map { "outbox/recon/2025-10/RECON_\($0)_2025-10.xml.gz" })
        let statement = try inflated(b, "outbox/recon/2025-10/RECON_310000_2025-10.xml.gz")
        #expect(
            statement == """
                <?xml version="1.0" encoding="UTF-8"?>
                <ReconciliationStatement xmlns="urn:yidi:reconciliation:1">
                  <prov_admdvs>310000</prov_admdvs>
                  <period>2025-10</period>
                  <issue_date>2025-11-03</issue_date>
                  <feedback_by>2025-11-10</feedback_by>
                  <entry_cnt>1</entry_cnt>
                  <clr_sumamt>50.00</clr_sumamt>
                  <entry>
                    <setl_id>S4</setl_id>
                    <role>insured</role>
                    <kind>settlement</kind>
                    <fixmedins_code>H1</fixmedins_code>
                    <mdtrt_admdvs>110102</mdtrt_admdvs>
                    <insu_admdvs>310104</insu_admdvs>
                    <psn_no>PS4</psn_no>
                    <entry_time>2025-10-15T08:00:00</entry_time>
                    <entry_period>2025-10</entry_period>
                    <medfee_sumamt>100.00</medfee_sumamt>
                    <fund_pay_sumamt>40.00</fund_pay_sumamt>
                    <acct_pay>10.00</acct_pay>
                    <clr_amt>50.00</clr_amt>
                  </entry>
                </ReconciliationStatement>

                """)
        // 110000 insured S1, S2 (insured first), then treated S3, S4
        let beijing = try inflated(b, "outbox/recon/2025-10/RECON_110000_2025-10.xml.gz")
        #expect(beijing.contains("<entry_cnt>4</entry_cnt>") && beijing.contains("<clr_sumamt>4500.00</clr_sumamt>"))
        for file in first.files {
            let plain = b.ws.root + "/" + file + ".xml"
            try inflated(b, file).write(toFile: plain, atomically: true, encoding: .utf8)
            #expect(OutputSchemas.errors(file: plain, schema: "reconciliation-1.xsd") == [])
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: b.ws.root + "/" + first.files[0]))
        // frozen: October detail that arrives now counts in November, and the statements stay
        #expect(try (b.ledger as? any ReconciliationLedger)?.latestFrozenPeriod() == ClearingPeriod("2025-10"))
        let again = try recon(b, "2025-10", on: "2025-11-20")
        #expect(!again.issuedNow && again.reconciliation.issueDate == LocalDate("2025-11-03") && again.candidates == 4)
        #expect(try Data(contentsOf: URL(fileURLWithPath: b.ws.root + "/" + first.files[0])) == bytes)
    }

    /// reconciliation.md: statements are written through the outbox — one that cannot be
    /// written stays pending (exit 74) and the next run writes it, the same bytes as a re-issue.
    @Test func aStatementThatCouldNotBeWrittenIsWrittenByTheNextRun() throws {
        let b = try Books()
        try ClearingTests.october(b)
        let failed = try b.ws.yidi(
            ["recon", "--period", "2025-10", "--date", "2025-11-03"],
            environment: ["YIDI_FAIL_IO": "RECON_310000"])
        #expect(failed.status == 74, "\(failed.stderr)")
        #expect(failed.stderr.contains("the next run writes them"))
        let path = b.ws.root + "/outbox/recon/2025-10/RECON_310000_2025-10.xml.gz"
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: b.ws.root + "/outbox/recon/2025-10/RECON_110000_2025-10.xml.gz"))
        #expect(
            try b.ws.yidi(["status", "--lang", "en", "--outbox"]).stdout.contains(
                "recon  -> outbox/recon/2025-10/RECON_310000_2025-10.xml.gz"))
        #expect(try b.ws.yidi(["run"]).status == 0)
        let replayed = try Data(contentsOf: URL(fileURLWithPath: path))
        let again = try recon(b, "2025-10", on: "2025-12-01")
        #expect(!again.issuedNow && again.reconciliation.issueDate == LocalDate("2025-11-03"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == replayed)
    }

    /// rules.md, Periods: a frozen month counts as closed for late detail — a drop of October
    /// settlements processed after October's reconciliation was issued counts in November, and
    /// October's candidates stay as issued.
    @Test func detailArrivingAfterTheFreezeRollsForward() throws {
        let b = try Books()
        try ClearingTests.october(b)
        _ = try recon(b, "2025-10", on: "2025-11-03")
        let statement = try inflated(b, "outbox/recon/2025-10/RECON_110000_2025-10.xml.gz")
        try b.ws.copySample("2025-10-05-H11010200001-01.xml.gz")
        let run = try b.ws.yidi(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let ledger = try #require(b.ledger as? any ReconciliationLedger)
        let periods = try ledger.rows("SELECT DISTINCT period FROM settlement WHERE drop_id LIKE 'H11010200001-%'", [])
        #expect(periods.map { $0.text(0) } == ["2025-11"])
        let again = try recon(b, "2025-10", on: "2025-11-20")
        #expect(again.candidates == 4 && !again.issuedNow)
        #expect(try inflated(b, "outbox/recon/2025-10/RECON_110000_2025-10.xml.gz") == statement)
        // November may be reconciled only once October is cleared
        #expect(throws: YidiError.self) { try recon(b, "2025-11", on: "2025-12-03") }
    }

    @Test func clearingWaitsForFeedbackThenExcludesDeductsAndCarries() throws {
        let b = try Books()
        try ClearingTests.october(b)
        _ = try recon(b, "2025-10", on: "2025-11-03")
        do {
            _ = try b.clear("2025-10", on: "2025-11-10")
            Issue.record("cleared before feedback_by had passed")
        } catch { #expect(error.kind == .refused && error.message.contains("2025-11-10")) }
        try feedback(b, "S1", "treatment", province: "440000", confirm: false, reason: "04")
        try feedback(b, "S2", "treatment", province: "440000", confirm: true, deduction: 50_000, deductionReason: "D3")
        try feedback(b, "S3", "insured", province: "440000", confirm: false, reason: "01")
        try feedback(b, "S3", "insured", province: "440000", confirm: true)  // the later line withdraws the exclusion
        let status = try PeriodStatus.read(b.ledger, period: ClearingPeriod("2025-10")!)
        #expect(status.reconciliation?.excluded == 1 && status.reconciliation?.deducted == 1 && status.reconciliation?.confirmed == 2)
        #expect(status.reconciliation?.silentProvinces == ["110000", "310000"])

        let result = try b.clear("2025-10", on: "2025-11-11")
        #expect(result.closedNow)
        // 110000→440000: S2 included (3500.00, deducted 500.00 → due 3000.00), S1 excluded (700.00)
        #expect(
            try b.read("outbox/clearing/2025-10/CLR_ALL_2025-10.csv") == """
                insu_prov,mdtrt_prov,setl_cnt,revs_cnt,medfee_sumamt,fund_pay_sumamt,acct_pay,clr_amt,excl_cnt,excl_amt,dedc_cnt,dedc_amt,due_amt
                110000,440000,1,0,5000.00,3500.00,0.00,3500.00,1,700.00,1,500.00,3000.00
                310000,110000,1,0,100.00,40.00,10.00,50.00,0,0.00,0,0.00,50.00
                440000,110000,1,0,300.00,200.00,50.00,250.00,0,0.00,0,0.00,250.00

                """)
        let summary = try b.read("outbox/clearing/2025-10/CLR_ALL_2025-10.xml")
        // nets on due_amt: 440000 receives 3000.00 and pays 250.00; 110000 receives 300.00 and pays 3000.00
        #expect(
            summary.contains(
                """
                    <prov_admdvs>110000</prov_admdvs>
                    <receivable_amt>300.00</receivable_amt>
                    <payable_amt>3000.00</payable_amt>
                    <net_amt>-2700.00</net_amt>
                """))
        #expect(summary.contains("<net_amt>2750.00</net_amt>") && summary.contains("<net_total>0.00</net_total>"))
        let guangdong = try b.read("outbox/clearing/2025-10/CLR_440000_2025-10.xml")
        #expect(
            guangdong.contains(
                """
                  <excluded>
                    <setl_id>S1</setl_id>
                    <role>treatment</role>
                    <reason>04</reason>
                    <clr_amt>700.00</clr_amt>
                  </excluded>
                  <deducted>
                    <setl_id>S2</setl_id>
                    <dedc_amt>500.00</dedc_amt>
                    <dedc_reason>D3</dedc_reason>
                  </deducted>
                </ClearingStatement>
                """))
        for file in result.files where file.hasSuffix(".xml") {
            #expect(OutputSchemas.errors(file: b.ws.root + "/" + file, schema: "clearing-1.xsd") == [], "\(file)")
        }
        // re-issued byte for byte
        let before = try result.files.map { try b.read($0) }
        _ = try b.clear("2025-10", on: "2025-12-20")
        #expect(try result.files.map { try b.read($0) } == before)

        // November, cleared without a reconciliation, includes S1 carried into it
        let november = try b.clear("2025-11", on: "2025-12-01")
        #expect(
            try b.read("outbox/clearing/2025-11/CLR_ALL_2025-11.csv") == """
                insu_prov,mdtrt_prov,setl_cnt,revs_cnt,medfee_sumamt,fund_pay_sumamt,acct_pay,clr_amt
                110000,440000,1,0,1000.00,600.00,100.00,700.00

                """)
        #expect(november.files.count == 4)
        _ = try b.clear("2025-12", on: "2026-01-05")
        // prepayment on Σ due_amt of Q4: 110000→440000 3000.00 + 700.00 = 3700.00 → round2(2 × 3700.00 / 3) = 2466.67
        let prepay = try b.prepay(2026, on: "2026-01-10")
        let pair = try #require(prepay.rows.first { $0.insuredProvince == "110000" && $0.treatmentProvince == "440000" })
        #expect(pair.q4 == Amount("3700.00") && pair.prepayment == Amount("2466.67"))
    }
}

extension ReconciliationTests {
    /// docs/rules.md, "A worked month", every number: October with two exclusions and a
    /// deduction; November reconciled too, its candidates holding both carried entries — one
    /// confirmed (by silence) and cleared there, the other excluded again and carried on.
    @Test func theWorkedMonthOfTheDocs() throws {
        let b = try Books()
        try ClearingTests.october(b)
        _ = try recon(b, "2025-10", on: "2025-11-03")
        try feedback(b, "S1", "treatment", province: "440000", confirm: false, reason: "04")
        try feedback(b, "S4", "insured", province: "310000", confirm: false, reason: "01")
        try feedback(b, "S2", "treatment", province: "440000", confirm: true, deduction: 50_000, deductionReason: "D3")
        _ = try b.clear("2025-10", on: "2025-11-11")
        #expect(
            try b.read("outbox/clearing/2025-10/CLR_ALL_2025-10.csv") == """
                insu_prov,mdtrt_prov,setl_cnt,revs_cnt,medfee_sumamt,fund_pay_sumamt,acct_pay,clr_amt,excl_cnt,excl_amt,dedc_cnt,dedc_amt,due_amt
                110000,440000,1,0,5000.00,3500.00,0.00,3500.00,1,700.00,1,500.00,3000.00
                310000,110000,0,0,0.00,0.00,0.00,0.00,1,50.00,0,0.00,0.00
                440000,110000,1,0,300.00,200.00,50.00,250.00,0,0.00,0,0.00,250.00

                """)
        let summary = try b.read("outbox/clearing/2025-10/CLR_ALL_2025-10.xml")
        for (province, receivable, payable, net) in [
            ("110000", "250.00", "3000.00", "-2750.00"), ("310000", "0.00", "0.00", "0.00"),
            ("440000", "3000.00", "250.00", "2750.00")
        ] {
            #expect(
                summary.contains(
                    """
                        <prov_admdvs>\(province)</prov_admdvs>
                        <receivable_amt>\(receivable)</receivable_amt>
                        <payable_amt>\(payable)</payable_amt>
                        <net_amt>\(net)</net_amt>
                    """), "\(province)")
        }
        // November: both carried entries are candidates again, first candidates in October
        let november = try recon(b, "2025-11", on: "2025-12-01")
        #expect(november.candidates == 2)
        let shanghai = try inflated(b, "outbox/recon/2025-11/RECON_310000_2025-11.xml.gz")
        #expect(shanghai.contains("<setl_id>S4</setl_id>") && shanghai.contains("<entry_period>2025-10</entry_period>"))
        try feedback(b, "S4", "insured", province: "310000", confirm: false, reason: "01", period: "2025-11")
        _ = try b.clear("2025-11", on: "2025-12-09")
        #expect(
            try b.read("outbox/clearing/2025-11/CLR_ALL_2025-11.csv") == """
                insu_prov,mdtrt_prov,setl_cnt,revs_cnt,medfee_sumamt,fund_pay_sumamt,acct_pay,clr_amt,excl_cnt,excl_amt,dedc_cnt,dedc_amt,due_amt
                110000,440000,1,0,1000.00,600.00,100.00,700.00,0,0.00,0,0.00,700.00
                310000,110000,0,0,0.00,0.00,0.00,0.00,1,50.00,0,0.00,0.00

                """)
        // December, without a reconciliation, includes what November carried
        _ = try b.clear("2025-12", on: "2026-01-05")
        #expect(
            try b.read("outbox/clearing/2025-12/CLR_ALL_2025-12.csv") == """
                insu_prov,mdtrt_prov,setl_cnt,revs_cnt,medfee_sumamt,fund_pay_sumamt,acct_pay,clr_amt
                310000,110000,1,0,100.00,40.00,10.00,50.00

                """)
        let prepay = try b.prepay(2026, on: "2026-01-10")
        let pair = try #require(prepay.rows.first { $0.insuredProvince == "110000" && $0.treatmentProvince == "440000" })
        #expect(pair.q4 == Amount("3700.00") && pair.prepayment == Amount("2466.67"))
    }
}
