import Foundation
import Testing

@testable import YidiCore

/// The report as finance staff print it: names beside codes, separators, totals, the pairs as
/// in the clearing files, in the workspace's language.
@Suite struct ReportPrintTests {
    @Test func amountsCarryThousandsSeparators() {
        #expect(Amount("1975445018.29")!.grouped == "1,975,445,018.29")
        #expect(Amount("-1234.50", allowNegative: true)!.grouped == "-1,234.50")
        #expect(Amount("579691542.46")!.grouped == "579,691,542.46")
        #expect(Amount("999.99")!.grouped == "999.99" && Amount("0.00")!.grouped == "0.00" && Amount("100000.00")!.grouped == "100,000.00")
    }

    /// The cells of the table `id`, row by row, tags stripped.
    static func table(_ html: String, _ id: String) throws -> [[String]] {
        let start = try #require(html.range(of: "<table id=\"\(id)\">"))
        let end = try #require(html.range(of: "</table>", range: start.upperBound..<html.endIndex))
        let body = String(html[start.upperBound..<end.lowerBound])
        let rows = body.components(separatedBy: "</tr>").filter { $0.contains("<td") }
        let cell = try NSRegularExpression(pattern: "<t[dh][^>]*>(.*?)</t[dh]>")
        return rows.map { row in
            cell.matches(in: row, range: NSRange(row.startIndex..., in: row)).map { (row as NSString).substring(with: $0.range(at: 1)) }
        }
    }

    @Test func theSampleMonthInChineseWithNamesTotalsAndThePairsOfTheClearingFile() throws {
        let ws = try SampleWorkspace()
        #expect([0, 1].contains(try ws.yidi(["run"]).status))
        #expect(try ws.yidi(["clear", "--period", "2025-10", "--date", "2025-11-20"]).status == 0)
        let out = try ws.yidi(["report", "--period", "2025-10"])
        #expect(out.status == 0, "\(out.stderr)")
        let html = try String(contentsOfFile: ws.root + "/reports/REPORT_2025-10.html", encoding: .utf8)
        #expect(html.contains("<html lang=\"zh-CN\">") && html.contains("本月应清算总额") && html.contains("北京市"))
        let ledger = ws.postgresURL == nil ? "sqlite:ledger.sqlite" : "postgres://"
        #expect(html.contains("counter(page)") && html.contains("生成于") && html.contains("账本 " + ledger))

        let csv = try String(contentsOfFile: ws.root + "/outbox/clearing/2025-10/CLR_ALL_2025-10.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        // a month cleared without a reconciliation: no excl/dedc/due columns there, nor here
        let columns = ["setl_cnt", "revs_cnt", "medfee_sumamt", "fund_pay_sumamt", "acct_pay", "clr_amt"]
        #expect(header == ["insu_prov", "mdtrt_prov"] + columns)
        let wanted = try lines.dropFirst().map { f in
            [f[0], f[1]] + (try columns.map { name in f[try #require(header.firstIndex(of: name), "\(name)")] })
        }
        let rows = try Self.table(html, "pairs")
        let got = rows.dropLast().map { r in
            r.enumerated().map { i, v in i < 2 ? String(v.prefix(6)) : v.replacingOccurrences(of: ",", with: "") }
        }
        #expect(got == wanted)
        // the total row: every amount column adds up, and the month total above is the same figure
        let dueColumn = try #require(header.firstIndex(of: "clr_amt"))
        let due = try lines.dropFirst().reduce(Amount.zero) { $0 + (try #require(Amount($1[dueColumn], allowNegative: true))) }
        #expect(rows.last?.last == due.grouped && html.contains("data-amount=\"\(due)\">\(due.grouped)</span>"))
        #expect(html.contains("<td data-total=\"\(due)\">\(due.grouped)</td>"))
    }

    @Test func theChartStartsAtTheFirstMonthWithDataAndNamesItsAxisAndLegend() throws {
        var history: [(period: ClearingPeriod, byProvince: [String: Amount])] = []
        var month = ClearingPeriod("2024-10")!
        for i in 0..<13 {
            history.append((month, i < 10 ? [:] : ["110000": Amount("1200.00")!, "310000": Amount("-30.00", allowNegative: true)!]))
            month = month.next
        }
        let report = MonthReport(
            period: ClearingPeriod("2025-10")!, state: .open, pairs: [], history: history, drops: [:], carriers: [],
            errorsByHospital: [], prepayments: [], reconciliation: nil)
        var names = ReportNames()
        names.provinces = ["11": "北京市", "31": "上海市"]
        let context = ReportPage.Context(
            language: .chinese, names: names, generatedAt: LocalDateTime("2026-01-01T00:00:00")!,
            ledger: "sqlite:ledger.sqlite", latestRun: 7)
        let html = ReportPage.html(report, context)
        #expect(!html.contains(">2025-07<") && html.contains(">2025-08<") && html.contains(">2025-10<"), "from the first month with data")
        #expect(
            html.contains(">0.00</text>") && html.contains(">1,200.00</text>") && html.contains(">-30.00</text>"),
            "zero and both ends labelled")
        #expect(html.contains(">110000 北京市</text>") && html.contains(">310000 上海市</text>"), "the legend names provinces")
        #expect(html.contains("截至运行 7") && html.contains("按接收日期计"))
    }
}
