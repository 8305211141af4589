import Foundation
import Testing

@testable import YidiCore

/// rules.md, outputs.md: a closed period never changes; re-issuing it rewrites the same bytes,
/// whatever today's calendar says; the closed months are exactly those up to the latest one.
@Suite("Closed periods and prepayments are re-issued as issued", .serialized)
struct ReissueTests {
    static func contents(_ ws: SampleWorkspace, _ folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for file in ws.files(folder) { out[file] = try Data(contentsOf: URL(fileURLWithPath: ws.root + "/" + folder + "/" + file)) }
        return out
    }

    static func editCalendar(_ ws: SampleWorkspace, _ edit: (String) -> String) throws {
        let path = ws.root + "/reference/calendar.csv"
        try edit(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aClosedMonthAndAYearsPrepaymentsAreTheSameDocumentsAfterTheCalendarChanges() throws {
        let ws = try SampleWorkspace()
        #expect(try ws.yidi(["run"]).status == 1)
        for (period, date) in [("2025-10", "2025-11-03"), ("2025-11", "2025-12-01"), ("2025-12", "2026-01-05")] {
            let out = try ws.yidi(["clear", "--period", period, "--date", date])
            #expect(out.status == 0, "\(period): \(out.stderr)")
        }
        #expect(try ws.yidi(["prepay", "--year", "2026", "--date", "2026-01-06"]).status == 0)
        let clearing = try Self.contents(ws, "outbox/clearing/2025-10")
        let prepay = try Self.contents(ws, "outbox/prepay/2026")
        #expect(!clearing.isEmpty && !prepay.isEmpty)
        let w1 = try #require(
            try String(contentsOfFile: ws.root + "/outbox/prepay/2026/PRE_ALL_2026.xml", encoding: .utf8)
                .firstMatch(of: /<submit_by>([0-9-]+)</)?.1)

        // a week of holidays added after the issue: every due date would move
        try Self.editCalendar(ws) {
            $0 + "2025-11-04,holiday\n2025-11-05,holiday\n2025-11-06,holiday\n2026-01-07,holiday\n2026-01-08,holiday\n"
        }
        #expect(try ws.yidi(["clear", "--period", "2025-10"]).status == 0)
        #expect(try ws.yidi(["prepay", "--year", "2026"]).status == 0)
        #expect(try Self.contents(ws, "outbox/clearing/2025-10") == clearing, "byte for byte")
        #expect(try Self.contents(ws, "outbox/prepay/2026") == prepay, "byte for byte")
        #expect(try ws.yidi(["status", "--lang", "en", "--period", "2025-10"]).stdout.contains("issued 2025-11-03 (submit by"))

        // the years' rows removed: a re-issue needs no calendar
        try Self.editCalendar(ws) { text in
            text.split(separator: "\n").filter { !$0.hasPrefix("2025-") && !$0.hasPrefix("2026-") }.joined(separator: "\n") + "\n"
        }
        let again = try ws.yidi(["clear", "--period", "2025-10"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try ws.yidi(["prepay", "--year", "2026"]).status == 0)
        #expect(try Self.contents(ws, "outbox/clearing/2025-10") == clearing)
        #expect(try Self.contents(ws, "outbox/prepay/2026") == prepay)
        #expect(!w1.isEmpty)
    }

    @Test func monthsBeforeTheLatestClosedPeriodAreClosed() throws {
        let ws = try SampleWorkspace(drops: ["2025-12-05-H44010600001-01.xml.gz"])
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(try ws.yidi(["clear", "--period", "2025-12", "--date", "2026-01-05"]).status == 0)
        let text = try ws.yidi(["status", "--lang", "en", "--period", "2025-11"])
        #expect(text.status == 0 && text.stdout.contains("closed with 2025-12"), "\(text.stdout)")
        let json = try ws.yidi(["status", "--lang", "en", "--period", "2025-11", "--json"])
        #expect(json.stdout.contains("\"status\":\"closed\"") || json.stdout.contains("\"status\": \"closed\""), "\(json.stdout)")
        #expect(json.stdout.contains("2025-12"))
        #expect(try ws.yidi(["status", "--lang", "en", "--period", "2026-01"]).stdout.contains("2026-01: open"))
        let refused = try ws.yidi(["clear", "--period", "2025-11", "--date", "2026-02-01"])
        #expect(refused.status == 65 && refused.stderr.contains("已随 2025-12 一并关账"), "\(refused.stderr)")
        #expect(ws.files("outbox/clearing/2025-11").isEmpty, "nothing written")
    }

    /// rules.md: only an unknown grade or policy silences B007–B009; an inpatient settlement
    /// without a diagnosis (B012) still has its amounts checked, so one resend fixes all.
    @Test func anInpatientSettlementWithoutADiagnosisStillHasItsAmountsChecked() throws {
        let visit = DropBuilder.Visit(id: "S1", medType: "21", disease: nil, date: "2026-03-02", count: 30)
        let wrongFund = DropBuilder.Amounts(deductiblePaid: 130_000, fund: 16_000)  // 170.00 is right
        let xml = DropBuilder.feeDetail(
            dropID: "H44010600001-20260310-01", createdAt: "2026-03-10T01:00:00",
            settlements: [(visit, wrongFund)])
        let codes = assess(xml).errors.map(\.code)
        #expect(codes.contains(.diseaseMismatch))
        #expect(codes.contains(.fundMismatch), "\(codes)")
        // and a chronic-disease settlement without its disease has no policy to check against
        var chronic = visit
        chronic.medType = "14"
        let silenced = assess(
            DropBuilder.feeDetail(
                dropID: "H44010600001-20260310-02", createdAt: "2026-03-10T01:00:00",
                settlements: [(chronic, wrongFund)])
        ).errors.map(\.code)
        #expect(silenced == [.diseaseMismatch], "\(silenced)")
    }
}
