/// The month report as one self-contained HTML page: inline CSS and SVG, no script, no
/// resource from anywhere else; A4 landscape when printed. Every text that came from a drop
/// or the ledger is escaped.
public enum ReportPage {
    /// The page of `report`.
    public static func html(_ report: MonthReport) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>yidi \(report.period) clearing report</title>
            <style>
            @page { size: A4 landscape; margin: 12mm }
            body { font: 12px/1.4 sans-serif; color: #222; margin: 16px }
            h1 { font-size: 20px; margin: 0 0 4px } h2 { font-size: 15px; margin: 18px 0 6px; border-bottom: 1px solid #ccc }
            table { border-collapse: collapse } td, th { border: 1px solid #ddd; padding: 3px 6px; text-align: right }
            th { background: #f3f3f3 } td.name, th.name { text-align: left }
            .neg { color: #b00 } .muted { color: #777 } section { break-inside: avoid }
            </style></head><body>
            <h1>Cross-provincial clearing — \(report.period)</h1>
            <p>\(escape(stateLine(report.state)))</p>

            """
        out += matrix(report)
        out += reconciliation(report)
        out += history(report)
        out += drops(report)
        out += prepayments(report)
        out += "</body></html>\n"
        return out
    }

    private static func stateLine(_ state: MonthReport.State) -> String {
        switch state {
        case .open: return "Open: the amounts may still change until the month is closed."
        case .closedWith(let later): return "Closed with \(later) (nothing of its own to clear)."
        case .closed(let issue):
            guard let due = issue.due else { return "Closed, issued \(issue.issueDate)." }
            return "Closed, issued \(issue.issueDate): W1 submit by \(due.submitBy), W2 transfer by \(due.transferBy), "
                + "W3 feedback by \(due.feedbackBy)."
        }
    }

    /// Payer rows, receiver columns, cells shaded by size; each province's net.
    private static func matrix(_ r: MonthReport) -> String {
        let payers = Set(r.pairs.map(\.insuredProvince)).sorted(), receivers = Set(r.pairs.map(\.treatmentProvince)).sorted()
        let largest = r.pairs.map { $0.totals.dueAmount.fen.magnitude }.max() ?? 1
        var cell: [String: Amount] = [:]
        for p in r.pairs { cell[p.insuredProvince + "-" + p.treatmentProvince] = p.totals.dueAmount }
        var out = "<section><h2>Who owes whom (due_amt: clr_amt less audit deductions, yuan): insured province pays (rows), treatment province receives (columns)</h2>\n"
        guard !r.pairs.isEmpty else { return out + "<p class=\"muted\">No clearing entries in this month.</p></section>\n" }
        out += "<table id=\"matrix\"><tr><th class=\"name\">pays \\ receives</th>"
        for to in receivers { out += "<th>\(escape(to))</th>" }
        out += "</tr>\n"
        for from in payers {
            out += "<tr><th class=\"name\">\(escape(from))</th>"
            for to in receivers {
                guard let amount = cell[from + "-" + to] else { out += "<td></td>"; continue }
                let shade = 0.08 + 0.6 * Double(amount.fen.magnitude) / Double(max(largest, 1))
                out += "<td data-pair=\"\(escape(from))-\(escape(to))\" data-amount=\"\(amount)\" "
                    + "style=\"background: rgba(30, 90, 200, \(String(shade.formatted3)))\">\(amount)</td>"
            }
            out += "</tr>\n"
        }
        out += "</table>\n<h2>Net per province (receives − pays)</h2>\n<table id=\"nets\"><tr><th class=\"name\">province</th><th>net</th></tr>\n"
        for (province, net) in r.nets {
            out += "<tr><td class=\"name\">\(escape(province))</td><td data-net=\"\(escape(province))\" data-amount=\"\(net)\""
                + "\(net < .zero ? " class=\"neg\"" : "")>\(net)</td></tr>\n"
        }
        return out + "</table></section>\n"
    }

    /// The month beside the twelve before it: a line per insured province.
    private static func history(_ r: MonthReport) -> String {
        let provinces = Set(r.history.flatMap { $0.byProvince.keys }).sorted()
        var out = "<section><h2>Clearing per insured province, the month and the twelve before it (yuan)</h2>\n"
        guard !provinces.isEmpty else { return out + "<p class=\"muted\">No clearing entries in these months.</p></section>\n" }
        let amounts = r.history.flatMap { $0.byProvince.values }
        let largest = max(amounts.max() ?? .zero, Amount(fen: 100)), smallest = min(amounts.min() ?? .zero, .zero)
        // coordinates only: the amounts shown are the ledger's, never computed in floating point
        let top = Double(largest.fen) / 100, bottom = Double(smallest.fen) / 100
        // the plot ends at `right`; the legend stands beside it
        let width = 860.0, height = 220.0, left = 70.0, right = 740.0
        let step = (right - left) / Double(max(r.history.count - 1, 1))
        func y(_ v: Double) -> Double { 10 + (height - 40) * (top - v) / (top - bottom) }
        out += "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">\n"
        out += "<line x1=\"\(left)\" y1=\"\(y(0).formatted3)\" x2=\"\(right)\" y2=\"\(y(0).formatted3)\" stroke=\"#999\"/>\n"
        out += "<text x=\"4\" y=\"\(y(top).formatted3)\" font-size=\"10\">\(largest)</text>\n"
        for (i, month) in r.history.enumerated() where i % 2 == 0 || i == r.history.count - 1 {
            out += "<text x=\"\((left + Double(i) * step - 16).formatted3)\" y=\"\(Int(height) - 6)\" font-size=\"10\">\(month.period)</text>\n"
        }
        let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
        for (k, province) in provinces.enumerated() {
            let points = r.history.enumerated().map { i, month in
                "\((left + Double(i) * step).formatted3),\(y(Double((month.byProvince[province] ?? .zero).fen) / 100).formatted3)"
            }
            let color = palette[k % palette.count]
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>\n"
            out += "<text x=\"\(right + 20)\" y=\"\(14 + 14 * k)\" font-size=\"11\" fill=\"\(color)\">\(escape(province))</text>\n"
        }
        return out + "</svg></section>\n"
    }

    /// A reconciled month's exclusions and deductions, by pair and by reason.
    private static func reconciliation(_ r: MonthReport) -> String {
        guard let recon = r.reconciliation else { return "" }
        var out = "<section><h2>Reconciliation: exclusions and deductions (feedback by \(recon.feedbackBy))</h2>\n"
        guard !recon.pairs.isEmpty else { return out + "<p class=\"muted\">Every candidate confirmed, nothing deducted.</p></section>\n" }
        out += "<table id=\"recon-pairs\"><tr><th class=\"name\">insured → treatment</th><th>excluded</th><th>excl_amt</th>"
            + "<th>deducted</th><th>dedc_amt</th></tr>\n"
        for p in recon.pairs {
            out += "<tr><td class=\"name\">\(p.insured) → \(p.treatment)</td><td>\(p.excluded)</td><td>\(p.excludedAmount)</td>"
                + "<td>\(p.deducted)</td><td>\(p.deductedAmount)</td></tr>\n"
        }
        out += "</table>\n<table id=\"recon-reasons\"><tr><th class=\"name\">kind</th><th class=\"name\">reason</th><th>entries</th><th>amount</th></tr>\n"
        for reason in recon.reasons {
            out += "<tr><td class=\"name\">\(reason.kind)</td><td class=\"name\">\(escape(reason.code))</td><td>\(reason.count)</td>"
                + "<td>\(reason.amount)</td></tr>\n"
        }
        return out + "</table></section>\n"
    }

    /// The drops received in the month and what to call a hospital about.
    private static func drops(_ r: MonthReport) -> String {
        var out = "<section><h2>Drops received in \(r.period)</h2>\n<table id=\"drops\"><tr>"
        for status in [AttemptStatus.accepted, .rejected, .duplicate] { out += "<th>\(status.rawValue)</th>" }
        out += "</tr><tr>"
        for status in [AttemptStatus.accepted, .rejected, .duplicate] { out += "<td data-drops=\"\(status.rawValue)\">\(r.drops[status] ?? 0)</td>" }
        out += "</tr></table>\n"
        if !r.carriers.isEmpty {
            let list = r.carriers.map { "\($0.drops) received in \($0.received)" }.joined(separator: ", ")
            out += "<p id=\"carriers\">The month's settlements and reversals came in \(r.carriers.reduce(0) { $0 + $1.drops }) accepted drops: \(escape(list)).</p>\n"
        }
        guard !r.errorsByHospital.isEmpty else { return out + "<p class=\"muted\">No rejected drop.</p></section>\n" }
        out += "<table id=\"errors\"><tr><th class=\"name\">hospital</th><th class=\"name\">most frequent error codes</th></tr>\n"
        for (institution, codes) in r.errorsByHospital {
            let list = codes.map { "\($0.code) × \($0.count)" }.joined(separator: ", ")
            out += "<tr><td class=\"name\">\(escape(institution))</td><td class=\"name\">\(escape(list))</td></tr>\n"
        }
        return out + "</table></section>\n"
    }

    /// Each pair's prepayment beside what clearing has used of it, marked at 70 % and 90 %.
    private static func prepayments(_ r: MonthReport) -> String {
        guard !r.prepayments.isEmpty else { return "" }
        var out = "<section><h2>Prepayments of \(r.period.year) and what clearing has used of them</h2>\n"
        out += "<table id=\"prepayments\"><tr><th class=\"name\">pays → receives</th><th>prepayment</th><th>used</th><th class=\"name\">use</th></tr>\n"
        for p in r.prepayments {
            let share = p.prepayment > .zero ? min(Double(p.used.fen) / Double(p.prepayment.fen), 1.2) : 0
            out += "<tr><td class=\"name\">\(escape(p.insuredProvince)) → \(escape(p.treatmentProvince))</td>"
                + "<td>\(p.prepayment)</td><td>\(p.used)</td><td class=\"name\"><svg width=\"200\" height=\"14\" role=\"img\">"
                + "<rect x=\"0\" y=\"2\" width=\"\((160 * share).formatted3)\" height=\"10\" fill=\"\(share >= 0.9 ? "#d62728" : share >= 0.7 ? "#ff7f0e" : "#2ca02c")\"/>"
                + "<line x1=\"112\" y1=\"0\" x2=\"112\" y2=\"14\" stroke=\"#333\"/><line x1=\"144\" y1=\"0\" x2=\"144\" y2=\"14\" stroke=\"#333\"/>"
                + "<rect x=\"0\" y=\"2\" width=\"160\" height=\"10\" fill=\"none\" stroke=\"#999\"/></svg></td></tr>\n"
        }
        return out + "</table><p class=\"muted\">Marks at 70 % and 90 % of the prepayment.</p></section>\n"
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
