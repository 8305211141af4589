import Foundation
import Testing

@testable import YidiCore

/// `yidi report --period` (README, Command line): one self-contained page whose amounts equal
/// the clearing files of the month to the fen.
@Suite("Month report: one self-contained page, amounts equal to the clearing files", .serialized)
struct ReportTests {
    /// `data-pair="A-B" data-amount="X"` of the matrix cells, and `data-net`/`data-amount` of the nets.
    static func attributes(_ html: String, _ key: String) -> [String: String] {
        var out: [String: String] = [:]
        var rest = Substring(html)
        while let start = rest.range(of: "\(key)=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let name = String(rest[..<end])
            guard let amount = rest.range(of: "data-amount=\"") else { break }
            let value = rest[amount.upperBound...].prefix { $0 != "\"" }
            out[name] = String(value)
        }
        return out
    }

    @Test func theSampleMonthEqualsItsClearingFiles() throws {
        let ws = try SampleWorkspace()
        #expect([0, 1].contains(try ws.yidi(["run"]).status))
        #expect(try ws.yidi(["clear", "--period", "2025-10", "--date", "2025-11-20"]).status == 0)
        let out = try ws.yidi(["report", "--period", "2025-10", "--lang", "en"])
        #expect(out.status == 0, "\(out.stderr)")
        let path = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(path == ws.root + "/reports/REPORT_2025-10.html")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!html.contains("http://") && !html.contains("https://"), "no resource from elsewhere")
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"))
        #expect(html.contains("submit by") || html.contains("W1 submit by"), "closed: the due dates")
        // the month's visits arrived tonight, so none was "received in 2025-10": the page says which drops carried them
        let carriers = ws.files("archive").filter { $0.contains("-202510") }.count
        #expect(carriers == 4 && html.contains("came in \(carriers) accepted drops: \(carriers) received in 20"))

        // every pair of CLR_ALL_2025-10.csv, and only those, with the same clr_amt
        let csv = try String(contentsOfFile: ws.root + "/outbox/clearing/2025-10/CLR_ALL_2025-10.csv", encoding: .utf8)
        var expected: [String: String] = [:]
        var nets: [String: Amount] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            expected[f[0] + "-" + f[1]] = f[7]
            nets[f[1], default: .zero] += Amount(f[7])!
            nets[f[0], default: .zero] -= Amount(f[7])!
        }
        #expect(!expected.isEmpty)
        #expect(Self.attributes(html, "data-pair") == expected)
        #expect(Self.attributes(html, "data-net") == nets.mapValues(\.description))
    }

    @Test func textFromTheLedgerIsEscaped() {
        #expect(ReportPage.escape("<H1&\"x'>") == "&lt;H1&amp;&quot;x&#39;&gt;")
        let report = MonthReport(
            period: ClearingPeriod("2025-10")!, state: .open, pairs: [], history: [],
            drops: [.rejected: 1], carriers: [], errorsByHospital: [("<script>H1", [("D004", 3)])], prepayments: [], reconciliation: nil)
        let html = ReportPage.html(report, .english)
        #expect(!html.contains("<script") && html.contains("&lt;script&gt;H1") && html.contains("D004 × 3"))
    }

    @Test func anEmptyMonthIsAPageToo() throws {
        let ws = try SampleWorkspace(drops: [])
        let out = try ws.yidi(["report", "--period", "2024-01", "--out", ws.root + "/r.html", "--lang", "en"])
        #expect(out.status == 0, "\(out.stderr)")
        let html = try String(contentsOfFile: ws.root + "/r.html", encoding: .utf8)
        #expect(html.contains("No clearing entries in this month.") && html.contains("Open:"))
        #expect(try ws.yidi(["report", "--period", "2024-13"]).status == 64)
    }
}
