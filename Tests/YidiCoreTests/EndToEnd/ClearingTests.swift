import Foundation
import Testing

@testable import YidiCore

@Suite("Clearing: periods, pairs, nets, due dates, prepayment — computed by hand", .serialized)
struct ClearingTests {
    /// A sample workspace whose ledger is filled directly, settlement by settlement.
    final class Books {
        let ws: SampleWorkspace
        let ledger: any ClearingLedger
        private var n = 0

        init() throws {
            ws = try SampleWorkspace(drops: [])
            ledger = try ws.ledger()
            _ = try ledger.startRun(command: "test", startedAt: .nowInChina(), referenceHashes: [])
        }

        /// Records an accepted settlement as `yidi run` would, its period assigned the same way.
        func settle(
            _ id: String, insured: String, treated: String, _ insutype: InsuranceType, _ med: MedicalType,
            at time: String, total: String, funds: String, account: String
        ) throws {
            var s = Settlement()
            s.id = id
            s.visit.insuredArea = insured
            s.visit.insuranceType = insutype
            s.visit.medicalType = med
            s.visit.filingType = .resident
            s.visit.certificateNumber = "11010519491231002X"
            s.visit.personName = "测试"
            s.visit.personNumber = "P\(id)"
            s.settledAt = LocalDateTime(time)!
            s.amounts.total = Amount(total)!
            s.amounts.allFunds = Amount(funds)!
            s.amounts.fundPayment = Amount(funds)!
            s.amounts.accountPayment = Amount(account)!
            let period = ClearingPeriod.assign(s.settledAt.date, latestClosed: try ledger.latestClosedPeriod())
            try record { tx in
                try tx.record(
                    AssessedSettlement(settlement: s, lines: [], categories: [], parts: ScopeParts(), share: nil, grade: 3),
                    dropID: "D-\(id)", institution: "H1", treatmentArea: treated, period: period)
                return "D-\(id)"
            }
        }

        func reverse(_ id: String, original: String, at time: String) throws {
            let reading = try ledger.beginDrop(runID: 1, dropID: nil, claim: nil)
            let prior = try reading.settlement(id: original)
            try reading.rollback()
            var r = Reversal()
            r.id = id
            r.originalID = original
            r.reversedAt = LocalDateTime(time)!
            let period = ClearingPeriod.assign(r.reversedAt.date, latestClosed: try ledger.latestClosedPeriod())
            try record { tx in
                try tx.record(
                    AssessedReversal(reversal: r, original: prior), dropID: "D-\(id)", institution: "H1",
                    treatmentArea: "440106", period: period)
                return "D-\(id)"
            }
        }

        private func record(_ body: (any DropTransaction) throws -> String) throws {
            let tx = try ledger.beginDrop(runID: 1, dropID: nil, claim: nil)
            do {
                let drop = try body(tx)
                n += 1
                let attempt = AttemptRecord(
                    id: 0, dropKey: drop, dropID: drop, institutionCode: "H1", attempt: 1, runID: 1,
                    fileName: "\(drop).xml.gz", sha256: String(repeating: "0", count: 63) + String(n % 10),
                    receivedAt: "2025-11-01T00:00:00", status: .accepted, kind: .feeDetail,
                    recordCount: 1, lineCount: 0, controlSum: .zero, errorCount: 0, storedPath: "x")
                _ = try tx.record(attempt: attempt, errors: [])
                try tx.enqueueProvinceFiles()
                try tx.commit()
            } catch {
                try tx.rollback()
                throw error
            }
        }

        func clear(_ period: String, on date: String) throws(YidiError) -> PeriodClosing.Result {
            let session = try WorkspaceSession(root: ws.root)
            return try PeriodClosing(session: session).run(period: ClearingPeriod(period)!, date: LocalDate(date))
        }

        func prepay(_ year: Int, on date: String) throws(YidiError) -> PrepaymentIssue.Result {
            try PrepaymentIssue(session: try WorkspaceSession(root: ws.root)).run(year: year, date: LocalDate(date))
        }

        func read(_ relative: String) throws -> String { try String(contentsOfFile: ws.root + "/" + relative, encoding: .utf8) }
    }

    /// October 2025 (hand-computed):
    ///   110000 → 440000: S1 1000.00 (fund 600.00, acct 100.00, clr 700.00) + S2 5000.00 (3500.00, 0, 3500.00)
    ///   440000 → 110000: S3 300.00 (200.00, 50.00, 250.00)
    ///   310000 → 110000: S4 100.00 (40.00, 10.00, 50.00)
    static func october(_ b: Books) throws {
        try b.settle(
            "S1", insured: "110105", treated: "440106", .employee, .outpatient, at: "2025-10-03T10:00:00",
            total: "1000.00", funds: "600.00", account: "100.00")
        try b.settle(
            "S2", insured: "110105", treated: "440106", .resident, .inpatient, at: "2025-10-20T10:00:00",
            total: "5000.00", funds: "3500.00", account: "0.00")
        try b.settle(
            "S3", insured: "440106", treated: "110102", .employee, .chronicDisease, at: "2025-10-31T23:59:59",
            total: "300.00", funds: "200.00", account: "50.00")
        try b.settle(
            "S4", insured: "310104", treated: "110102", .employee, .outpatient, at: "2025-10-15T08:00:00",
            total: "100.00", funds: "40.00", account: "10.00")
    }

    @Test func pairsNetsAndDueDatesOfAClosedMonth() throws {
        let b = try Books()
        try Self.october(b)
        let result = try b.clear("2025-10", on: "2025-11-03")
        #expect(result.closedNow)
        // issued Monday 3 Nov: W1 = 5 working days later (4, 5, 6, 7, 10 Nov); W2 = 10 more; W3 = 5 more
        #expect(result.due.submitBy == LocalDate("2025-11-10") && result.due.transferBy == LocalDate("2025-11-24"))
        #expect(result.due.feedbackBy == LocalDate("2025-12-01"))
        #expect(
            try b.read("outbox/clearing/2025-10/CLR_ALL_2025-10.csv") == """
                insu_prov,mdtrt_prov,setl_cnt,revs_cnt,medfee_sumamt,fund_pay_sumamt,acct_pay,clr_amt
                110000,440000,2,0,6000.00,4100.00,100.00,4200.00
                310000,110000,1,0,100.00,40.00,10.00,50.00
                440000,110000,1,0,300.00,200.00,50.00,250.00

                """)
        let summary = try b.read("outbox/clearing/2025-10/CLR_ALL_2025-10.xml")
        // nets: 110000 receives 250 + 50 = 300.00 and pays 4200.00: −3900.00; 310000: −50.00; 440000: 4200 − 250 = 3950.00
        #expect(
            summary.contains(
                "<prov_admdvs>110000</prov_admdvs>\n    <receivable_amt>300.00</receivable_amt>\n    <payable_amt>4200.00</payable_amt>\n    <net_amt>-3900.00</net_amt>"
            ))
        #expect(summary.contains("<net_amt>-50.00</net_amt>") && summary.contains("<net_amt>3950.00</net_amt>"))
        #expect(summary.contains("<net_total>0.00</net_total>"))
        let statement = try b.read("outbox/clearing/2025-10/CLR_110000_2025-10.xml")
        #expect(statement.contains("<receivable>\n    <counterpart>310000</counterpart>"))
        #expect(statement.contains("<payable>\n    <counterpart>440000</counterpart>"))
        #expect(
            statement.contains("<breakdown>\n      <insutype>390</insutype>\n      <med_type>21</med_type>\n      <setl_cnt>1</setl_cnt>"))
        for file in try FileManager.default.contentsOfDirectory(atPath: b.ws.root + "/outbox/clearing/2025-10") where file.hasSuffix(".xml")
        {
            #expect(OutputSchemas.errors(file: b.ws.root + "/outbox/clearing/2025-10/" + file, schema: "clearing-1.xsd") == [], "\(file)")
        }
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: b.ws.root + "/outbox/clearing/2025-10")) == [
                "CLR_ALL_2025-10.xml", "CLR_ALL_2025-10.csv", "CLR_110000_2025-10.xml", "CLR_310000_2025-10.xml", "CLR_440000_2025-10.xml"
            ])
    }

    @Test func lateDetailRollsForwardReversalsCountNegativeAndClosedPeriodsNeverChange() throws {
        let b = try Books()
        try Self.october(b)
        _ = try b.clear("2025-10", on: "2025-11-03")
        let closedBytes = try b.read("outbox/clearing/2025-10/CLR_ALL_2025-10.xml")
        let closedStatement = try b.read("outbox/clearing/2025-10/CLR_440000_2025-10.xml")
        // late detail of 20 October arrives after October was closed: it counts in November
        try b.settle(
            "S5", insured: "110105", treated: "440106", .employee, .outpatient, at: "2025-10-20T12:00:00",
            total: "200.00", funds: "120.00", account: "0.00")
        // S1 is reversed in November: its amounts negated in November
        try b.reverse("R1", original: "S1", at: "2025-11-05T09:00:00")
        #expect(try b.ledger.clearingRows(ClearingPeriod("2025-10")!, byType: false).map(\.totals.settlementCount) == [2, 1, 1])
        let november = try b.ledger.clearingRows(ClearingPeriod("2025-11")!, byType: false)
        #expect(november.count == 1)
        let pair = try #require(november.first)
        // 200.00 − 1000.00 = −800.00; 120.00 − 600.00 = −480.00; 0 − 100.00; clr 120.00 − 700.00 = −580.00
        #expect(pair.totals.settlementCount == 1 && pair.totals.reversalCount == 1)
        #expect(
            pair.totals.total == Amount("-800.00", allowNegative: true)! && pair.totals.allFunds == Amount("-480.00", allowNegative: true)!)
        #expect(
            pair.totals.accountPayment == Amount("-100.00", allowNegative: true)!
                && pair.totals.clearingAmount == Amount("-580.00", allowNegative: true)!)

        // clearing October again rewrites the same bytes and keeps its issue date
        let again = try b.clear("2025-10", on: "2026-03-01")
        #expect(!again.closedNow && again.due.issueDate == LocalDate("2025-11-03"))
        #expect(try b.read("outbox/clearing/2025-10/CLR_ALL_2025-10.xml") == closedBytes)
        #expect(try b.read("outbox/clearing/2025-10/CLR_440000_2025-10.xml") == closedStatement)
    }

    @Test func refusalsWriteNothing() throws {
        let b = try Books()
        try Self.october(b)
        try b.settle(
            "S6", insured: "110105", treated: "440106", .employee, .outpatient, at: "2025-11-11T12:00:00",
            total: "10.00", funds: "5.00", account: "0.00")
        #expect(throws: YidiError.self) { try b.clear("2025-10", on: "2025-10-31") }  // the month is not over
        #expect(throws: YidiError.self) { try b.clear("2025-11", on: "2025-12-02") }  // October is open
        do {
            _ = try b.clear("2025-11", on: "2025-12-02")
        } catch {
            #expect(error.kind == .refused && error.message.contains("2025-10"))
        }
        #expect(!Paths.exists(b.ws.root + "/outbox/clearing/2025-11"))
        #expect(try b.ledger.latestClosedPeriod() == nil)
        // a due date in a year the calendar does not cover: 78, and the period stays open
        try b.settle(
            "S7", insured: "110105", treated: "440106", .employee, .outpatient, at: "2026-11-11T12:00:00",
            total: "10.00", funds: "5.00", account: "0.00")
        _ = try b.clear("2025-10", on: "2025-11-03")
        _ = try b.clear("2025-11", on: "2025-12-02")
        do {
            _ = try b.clear("2026-11", on: "2026-12-28")
            Issue.record("a due date in 2027 was computed without a 2027 calendar")
        } catch {
            #expect(error.kind == .config)
        }
        #expect(try b.ledger.closedPeriod(ClearingPeriod("2026-11")!) == nil)
    }

    @Test func prepaymentFromTheFourthQuarter() throws {
        let b = try Books()
        try Self.october(b)
        _ = try b.clear("2025-10", on: "2025-11-03")
        try b.reverse("R1", original: "S1", at: "2025-11-05T09:00:00")
        #expect(throws: YidiError.self) { try b.prepay(2026, on: "2026-01-06") }  // Q4 not closed
        _ = try b.clear("2025-11", on: "2025-12-02")
        _ = try b.clear("2025-12", on: "2026-01-05")
        let result = try b.prepay(2026, on: "2026-01-06")
        // q4 110000→440000 = 4200.00 − 700.00 = 3500.00 → round2(2 × 3500.00 / 3) = round2(2333.333…) = 2333.33
        // q4 310000→110000 = 50.00 → 33.33; q4 440000→110000 = 250.00 → round2(166.666…) = 166.67
        #expect(
            result.rows.map { "\($0.insuredProvince)>\($0.treatmentProvince) \($0.q4) \($0.prepayment) \($0.adjustment)" } == [
                "110000>440000 3500.00 2333.33 2333.33", "310000>110000 50.00 33.33 33.33", "440000>110000 250.00 166.67 166.67"
            ])
        let bytes = try b.read("outbox/prepay/2026/PRE_ALL_2026.xml")
        #expect(OutputSchemas.errors(file: b.ws.root + "/outbox/prepay/2026/PRE_ALL_2026.xml", schema: "prepayment-1.xsd") == [])
        #expect(OutputSchemas.errors(file: b.ws.root + "/outbox/prepay/2026/PRE_110000_2026.xml", schema: "prepayment-1.xsd") == [])
        let again = try b.prepay(2026, on: "2026-01-20")
        #expect(!again.issuedNow && again.due.issueDate == LocalDate("2026-01-06"))
        #expect(try b.read("outbox/prepay/2026/PRE_ALL_2026.xml") == bytes)
        #expect(try b.read("outbox/prepay/2026/PRE_440000_2026.xml").contains("<mdtrt_prov>110000</mdtrt_prov>"))
    }

    @Test func dueDatesAcrossTheSpringFestival() throws {
        let calendar = Fixtures.reference.calendar
        // issued Friday 24 Jan 2025: Sunday 26 Jan is worked, 28 Jan – 4 Feb are off
        let due = try DueDates(issued: LocalDate("2025-01-24")!, calendar: calendar)
        #expect(due.submitBy == LocalDate("2025-02-07"))  // 26, 27 Jan, 5, 6, 7 Feb
        #expect(due.transferBy == LocalDate("2025-02-20"))  // Sat 8 Feb worked, 10–14, 17–20 Feb
        #expect(due.feedbackBy == LocalDate("2025-02-27"))  // 21, 24, 25, 26, 27 Feb
        // 2026: Spring Festival 15–23 Feb with 14 and 28 Feb worked
        #expect(try calendar.nextWorkingDay(after: LocalDate("2026-02-13")!, 1) == LocalDate("2026-02-14"))
        #expect(try calendar.nextWorkingDay(after: LocalDate("2026-02-14")!, 1) == LocalDate("2026-02-24"))
    }

    @Test func periodAssignment() {
        let oct = ClearingPeriod("2025-10")!
        #expect(ClearingPeriod.assign(LocalDate("2025-10-31")!, latestClosed: nil) == oct)
        #expect(ClearingPeriod.assign(LocalDate("2025-10-31")!, latestClosed: oct) == ClearingPeriod("2025-11"))
        #expect(ClearingPeriod.assign(LocalDate("2025-08-01")!, latestClosed: ClearingPeriod("2025-12")) == ClearingPeriod("2026-01"))
        #expect(ClearingPeriod.assign(LocalDate("2026-02-01")!, latestClosed: oct) == ClearingPeriod("2026-02"))
        #expect(ClearingPeriod("2025-13") == nil && ClearingPeriod("2025-1") == nil)
    }
}
