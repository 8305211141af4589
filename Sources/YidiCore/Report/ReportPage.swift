/// The month report as one self-contained HTML page: inline CSS and SVG, no script, no
/// resource from anywhere else; A4 landscape when printed, with a running header and page
/// numbers. Every text that came from a drop, the ledger or the reference data is escaped.
public struct ReportPage {
    /// What the page says besides the month's figures.
    public struct Context: Sendable {
        public var language: Language
        public var names: ReportNames
        /// When the page was made (China time) and from which ledger, for the reader's trust.
        public var generatedAt: LocalDateTime
        public var ledger: String
        /// The latest run the ledger holds when the page was made.
        public var latestRun: Int64?

        public init(language: Language, names: ReportNames, generatedAt: LocalDateTime, ledger: String, latestRun: Int64?) {
            self.language = language
            self.names = names
            self.generatedAt = generatedAt
            self.ledger = ledger
            self.latestRun = latestRun
        }
    }

    let r: MonthReport
    let c: Context

    /// The page of `report`.
    public static func html(_ report: MonthReport, _ context: Context) -> String {
        ReportPage(r: report, c: context).page
    }

    func say(_ zh: String, _ en: String) -> String { c.language.say(zh, en) }

    var title: String { say("跨省异地就医直接结算清算报告 \(r.period)", "Cross-provincial clearing report \(r.period)") }

    var page: String {
        let source =
            say("生成于 \(c.generatedAt)（北京时间）· 账本 \(c.ledger)", "generated \(c.generatedAt) (China time) · ledger \(c.ledger)")
            + (c.latestRun.map { say(" · 截至运行 \($0)", " · up to run \($0)") } ?? "")
        var out = """
            <!DOCTYPE html>
            <html lang="\(c.language.rawValue)"><head><meta charset="utf-8"><title>yidi · \(Self.escape(title))</title>
            <style>
            @page { size: A4 landscape; margin: 14mm 12mm;
              @top-left { content: "\(Self.escape(title))"; font-size: 9px; color: #555 }
              @bottom-right { content: "\(say("第 ", "page "))" counter(page) " / " counter(pages); font-size: 9px; color: #555 } }
            body { font: 12px/1.45 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #222; margin: 16px }
            h1 { font-size: 20px; margin: 0 0 4px } h2 { font-size: 15px; margin: 18px 0 6px; border-bottom: 1px solid #ccc }
            table { border-collapse: collapse } td, th { border: 1px solid #ddd; padding: 3px 6px; text-align: right; font-variant-numeric: tabular-nums }
            th { background: #f3f3f3 } td.name, th.name { text-align: left } tr.total td, tr.total th, td.total { font-weight: bold; background: #f8f8f8 }
            .neg { color: #b00 } .muted { color: #777 } section { break-inside: avoid } thead { display: table-header-group }
            .big { font-size: 18px; font-weight: bold }
            </style></head><body>
            <h1>\(Self.escape(title))</h1>
            <p id="state">\(Self.escape(stateLine))</p>
            <p id="source" class="muted">\(Self.escape(source))</p>

            """
        out += summary + matrix + pairTable + nets + reconciliation + history + drops + prepayments
        out += "</body></html>\n"
        return out
    }

    private var stateLine: String {
        switch r.state {
        case .open: return say("未关账：本月金额在关账前仍可能变化。", "Open: the amounts may still change until the month is closed.")
        case .closedWith(let later): return say("已随 \(later) 一并关账（本月无单独清算）。", "Closed with \(later) (nothing of its own to clear).")
        case .closed(let issue):
            guard let due = issue.due else { return say("已关账，下发日 \(issue.issueDate)。", "Closed, issued \(issue.issueDate).") }
            return say(
                "已关账，下发日 \(issue.issueDate)：W1 \(due.submitBy) 前提交，W2 \(due.transferBy) 前划拨，W3 \(due.feedbackBy) 前反馈。",
                "Closed, issued \(issue.issueDate): W1 submit by \(due.submitBy), W2 transfer by \(due.transferBy), W3 feedback by \(due.feedbackBy)."
            )
        }
    }

    /// Σ `due_amt` of the month's pairs.
    private var monthTotal: Amount { r.pairs.reduce(Amount.zero) { $0 + $1.totals.dueAmount } }

    /// The month's total first: what a finance reader looks for before any table.
    private var summary: String {
        let total = monthTotal
        let settlements = r.pairs.reduce(0) { $0 + $1.totals.settlementCount },
            reversals = r.pairs.reduce(0) { $0 + $1.totals.reversalCount }
        return "<section><p id=\"month-total\"><span class=\"muted\">\(say("本月应清算总额（元）", "The month's clearing total (yuan)"))</span> "
            + "<span class=\"big\" data-amount=\"\(total)\">\(total.grouped)</span> · "
            + say(
                "\(r.pairs.count) 个省际对，\(settlements) 笔结算，\(reversals) 笔冲销",
                "\(r.pairs.count) province pairs, \(settlements) settlements, \(reversals) reversals")
            + "</p></section>\n"
    }

    /// Payer rows, receiver columns, cells shaded by size, with row and column totals.
    private var matrix: String {
        let payers = Set(r.pairs.map(\.insuredProvince)).sorted(), receivers = Set(r.pairs.map(\.treatmentProvince)).sorted()
        let largest = r.pairs.map { $0.totals.dueAmount.fen.magnitude }.max() ?? 1
        var cell: [String: Amount] = [:], paid: [String: Amount] = [:], received: [String: Amount] = [:]
        for p in r.pairs {
            cell[p.insuredProvince + "-" + p.treatmentProvince] = p.totals.dueAmount
            paid[p.insuredProvince, default: .zero] += p.totals.dueAmount
            received[p.treatmentProvince, default: .zero] += p.totals.dueAmount
        }
        var out =
            "<section><h2>"
            + say(
                "省际清算矩阵（元，due_amt = clr_amt − 审核扣款）：行为参保地（付款），列为就医地（收款）",
                "Who owes whom (yuan, due_amt = clr_amt less audit deductions): insured province pays (rows), treatment province receives (columns)"
            ) + "</h2>\n"
        guard !r.pairs.isEmpty else {
            return out + "<p class=\"muted\">\(say("本月没有清算条目。", "No clearing entries in this month."))</p></section>\n"
        }
        out += "<table id=\"matrix\"><thead><tr><th class=\"name\">\(say("付款 \\ 收款", "pays \\ receives"))</th>"
        for to in receivers { out += "<th>\(Self.escape(c.names.province(to)))</th>" }
        out += "<th>\(say("合计付款", "total paid"))</th></tr></thead>\n"
        for from in payers {
            out += "<tr><th class=\"name\">\(Self.escape(c.names.province(from)))</th>"
            for to in receivers {
                guard let amount = cell[from + "-" + to] else {
                    out += "<td></td>"
                    continue
                }
                let shade = 0.08 + 0.6 * Double(amount.fen.magnitude) / Double(max(largest, 1))
                out +=
                    "<td data-pair=\"\(Self.escape(from))-\(Self.escape(to))\" data-amount=\"\(amount)\" "
                    + "style=\"background: rgba(30, 90, 200, \(String(shade.formatted3)))\">\(amount.grouped)</td>"
            }
            out += "<td class=\"total\" data-paid=\"\(Self.escape(from))\">\(paid[from, default: .zero].grouped)</td></tr>\n"
        }
        out += "<tr class=\"total\"><th class=\"name\">\(say("合计收款", "total received"))</th>"
        for to in receivers { out += "<td data-received=\"\(Self.escape(to))\">\(received[to, default: .zero].grouped)</td>" }
        let total = monthTotal
        return out + "<td data-total=\"\(total)\">\(total.grouped)</td></tr>\n</table></section>\n"
    }

    /// The pairs with the figures of `CLR_ALL_*.csv`, its reconciliation columns only for a
    /// reconciled month as there: finance books fund and account apart.
    private var pairTable: String {
        guard !r.pairs.isEmpty else { return "" }
        var out = "<section><h2>\(say("省际对明细（与 CLR_ALL 清算文件一致，元）", "The pairs (as in the CLR_ALL clearing files, yuan)"))</h2>\n"
        let heads =
            [
                say("参保地", "insured"), say("就医地", "treatment"), "setl_cnt", "revs_cnt", "medfee_sumamt", "fund_pay_sumamt",
                "acct_pay", "clr_amt"
            ] + (r.reconciliation == nil ? [] : ["excl_amt", "dedc_amt", "due_amt"])
        out +=
            "<table id=\"pairs\"><thead><tr>"
            + heads.enumerated().map { $0 < 2 ? "<th class=\"name\">\($1)</th>" : "<th>\($1)</th>" }.joined() + "</tr></thead>\n"
        var sum = ClearingTotals()
        for p in r.pairs {
            sum += p.totals
            out +=
                "<tr><td class=\"name\">\(Self.escape(c.names.province(p.insuredProvince)))</td><td class=\"name\">\(Self.escape(c.names.province(p.treatmentProvince)))</td>"
                + row(p.totals) + "</tr>\n"
        }
        return out + "<tr class=\"total\"><th class=\"name\" colspan=\"2\">\(say("合计", "total"))</th>\(row(sum))</tr>\n</table></section>\n"
    }

    private func row(_ t: ClearingTotals) -> String {
        "<td>\(t.settlementCount)</td><td>\(t.reversalCount)</td>"
            + ([t.total, t.allFunds, t.accountPayment, t.clearingAmount]
            + (r.reconciliation == nil ? [] : [t.excludedAmount, t.deductedAmount, t.dueAmount]))
            .map { "<td\($0 < .zero ? " class=\"neg\"" : "")>\($0.grouped)</td>" }.joined()
    }

    private var nets: String {
        guard !r.pairs.isEmpty else { return "" }
        var out = "<section><h2>\(say("各省净额（收款 − 付款，元）", "Net per province (receives − pays, yuan)"))</h2>\n"
        out += "<table id=\"nets\"><thead><tr><th class=\"name\">\(say("省份", "province"))</th><th>\(say("净额", "net"))</th></tr></thead>\n"
        for (province, net) in r.nets {
            out +=
                "<tr><td class=\"name\">\(Self.escape(c.names.province(province)))</td><td data-net=\"\(Self.escape(province))\" data-amount=\"\(net)\""
                + "\(net < .zero ? " class=\"neg\"" : "")>\(net.grouped)</td></tr>\n"
        }
        return out + "</table></section>\n"
    }

    /// HTML text: `&`, `<`, `>`, `"` and `'` escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension Double {
    /// At most three decimals, for SVG coordinates (no locale, no exponent).
    var formatted3: String {
        let scaled = (self * 1000).rounded()
        let sign = scaled < 0 ? "-" : ""
        let magnitude = Int64(abs(scaled))
        let fraction = magnitude % 1000
        return sign + String(magnitude / 1000) + (fraction == 0 ? "" : "." + String(String(fraction + 1000).dropFirst()))
    }
}
