/// The report's later sections: the reconciliation, the months before, the drops, the prepayments.
extension ReportPage {
    /// A reconciled month's exclusions and deductions, by pair and by reason.
    var reconciliation: String {
        guard let recon = r.reconciliation else { return "" }
        var out =
            "<section><h2>\(say("对账：剔除与审核扣款（反馈截止 \(recon.feedbackBy)）", "Reconciliation: exclusions and deductions (feedback by \(recon.feedbackBy))"))</h2>\n"
        guard !recon.pairs.isEmpty else {
            return out + "<p class=\"muted\">\(say("全部条目已确认，无扣款。", "Every candidate confirmed, nothing deducted."))</p></section>\n"
        }
        out +=
            "<table id=\"recon-pairs\"><thead><tr><th class=\"name\">\(say("参保地 → 就医地", "insured → treatment"))</th><th>\(say("剔除笔数", "excluded"))</th>"
            + "<th>excl_amt</th><th>\(say("扣款笔数", "deducted"))</th><th>dedc_amt</th></tr></thead>\n"
        for p in recon.pairs {
            out +=
                "<tr><td class=\"name\">\(Self.escape(c.names.province(p.insured))) → \(Self.escape(c.names.province(p.treatment)))</td>"
                + "<td>\(p.excluded)</td><td>\(p.excludedAmount.grouped)</td><td>\(p.deducted)</td><td>\(p.deductedAmount.grouped)</td></tr>\n"
        }
        out +=
            "</table>\n<table id=\"recon-reasons\"><thead><tr><th class=\"name\">\(say("类型", "kind"))</th><th class=\"name\">\(say("原因", "reason"))</th>"
            + "<th>\(say("笔数", "entries"))</th><th>\(say("金额", "amount"))</th></tr></thead>\n"
        for reason in recon.reasons {
            let kind = reason.kind == "exclusion" ? say("剔除", "exclusion") : say("扣款", "deduction")
            out +=
                "<tr><td class=\"name\" data-kind=\"\(reason.kind)\">\(kind)</td><td class=\"name\">\(Self.escape(reason.code))</td><td>\(reason.count)</td>"
                + "<td>\(reason.amount.grouped)</td></tr>\n"
        }
        return out + "</table></section>\n"
    }

    /// The month beside the twelve before it, from the first month with data: a line per
    /// insured province, named in the legend, with the axis labelled at zero and its ends.
    var history: String {
        let first = r.history.firstIndex { !$0.byProvince.isEmpty }
        var out =
            "<section><h2>\(say("各参保省清算额：本月及此前十二个月（元）", "Clearing per insured province, the month and the twelve before it (yuan)"))</h2>\n"
        guard let first else {
            return out + "<p class=\"muted\">\(say("这些月份没有清算条目。", "No clearing entries in these months."))</p></section>\n"
        }
        let months = Array(r.history[first...])
        let provinces = Set(months.flatMap { $0.byProvince.keys }).sorted()
        let amounts = months.flatMap { $0.byProvince.values }
        let largest = max(amounts.max() ?? .zero, Amount(fen: 100)), smallest = min(amounts.min() ?? .zero, .zero)
        // coordinates only: the amounts shown are the ledger's, never computed in floating point
        let top = Double(largest.fen) / 100, bottom = Double(smallest.fen) / 100
        let width = 900.0, height = 240.0, left = 110.0, right = 720.0
        let step = (right - left) / Double(max(months.count - 1, 1))
        func y(_ v: Double) -> Double { 12 + (height - 44) * (top - v) / (top - bottom) }
        out += "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">\n"
        out += "<line x1=\"\(left)\" y1=\"\(y(top).formatted3)\" x2=\"\(left)\" y2=\"\(y(bottom).formatted3)\" stroke=\"#999\"/>\n"
        var ticks: [Amount] = [largest, .zero]
        if smallest < .zero { ticks.append(smallest) }
        for tick in ticks {
            let at = y(Double(tick.fen) / 100).formatted3
            out += "<line x1=\"\(left - 4)\" y1=\"\(at)\" x2=\"\(right)\" y2=\"\(at)\" stroke=\"\(tick == .zero ? "#666" : "#ddd")\"/>\n"
            out +=
                "<text x=\"\(left - 6)\" y=\"\(at)\" font-size=\"10\" text-anchor=\"end\" dominant-baseline=\"middle\">\(tick.grouped)</text>\n"
        }
        for (i, month) in months.enumerated() where months.count <= 7 || i % 2 == 0 || i == months.count - 1 {
            out +=
                "<text x=\"\((left + Double(i) * step).formatted3)\" y=\"\(Int(height) - 8)\" font-size=\"10\" text-anchor=\"middle\">\(month.period)</text>\n"
        }
        let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
        for (k, province) in provinces.enumerated() {
            let points = months.enumerated().map { i, month in
                "\((left + Double(i) * step).formatted3),\(y(Double((month.byProvince[province] ?? .zero).fen) / 100).formatted3)"
            }
            let color = palette[k % palette.count], dash = k >= palette.count ? " stroke-dasharray=\"5 3\"" : ""
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"\(dash) points=\"\(points.joined(separator: " "))\"/>\n"
            out +=
                "<line x1=\"\(right + 16)\" y1=\"\(10 + 15 * k)\" x2=\"\(right + 34)\" y2=\"\(10 + 15 * k)\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>"
            out += "<text x=\"\(right + 40)\" y=\"\(14 + 15 * k)\" font-size=\"11\">\(Self.escape(c.names.province(province)))</text>\n"
        }
        return out + "</svg></section>\n"
    }

    /// The drops received in the month (by the day they came in) and what to call a hospital about.
    var drops: String {
        var out =
            "<section><h2>\(say("\(r.period) 期间收到的数据包（按接收日期计）", "Drops received during \(r.period) (counted by the day they came in)"))</h2>\n<table id=\"drops\"><thead><tr>"
        let names = [AttemptStatus.accepted: say("接收", "accepted"), .rejected: say("拒收", "rejected"), .duplicate: say("重复", "duplicate")]
        for status in [AttemptStatus.accepted, .rejected, .duplicate] { out += "<th>\(names[status]!)</th>" }
        out += "</tr></thead><tr>"
        for status in [AttemptStatus.accepted, .rejected, .duplicate] {
            out += "<td data-drops=\"\(status.rawValue)\">\(r.drops[status] ?? 0)</td>"
        }
        out += "</tr></table>\n"
        if !r.carriers.isEmpty {
            let total = r.carriers.reduce(0) { $0 + $1.drops }
            let list = r.carriers.map { say("\($0.received) 收到 \($0.drops) 个", "\($0.drops) received in \($0.received)") }.joined(
                separator: say("，", ", "))
            out +=
                "<p id=\"carriers\">"
                + Self.escape(
                    say(
                        "本月清算的结算与冲销（按结算日期归属本月）来自 \(total) 个已接收数据包：\(list)。",
                        "The month's settlements and reversals (counted by their settlement date) came in \(total) accepted drops: \(list)."
                    )) + "</p>\n"
        }
        guard !r.errorsByHospital.isEmpty else {
            return out + "<p class=\"muted\">\(say("没有被拒收的数据包。", "No rejected drop."))</p></section>\n"
        }
        out +=
            "<table id=\"errors\"><thead><tr><th class=\"name\">\(say("医疗机构", "hospital"))</th><th class=\"name\">\(say("最常见的错误代码", "most frequent error codes"))</th></tr></thead>\n"
        for (institution, codes) in r.errorsByHospital {
            let list = codes.map { "\($0.code) × \($0.count)" }.joined(separator: ", ")
            out +=
                "<tr><td class=\"name\">\(Self.escape(c.names.institution(institution)))</td><td class=\"name\">\(Self.escape(list))</td></tr>\n"
        }
        return out + "</table></section>\n"
    }

    /// Each pair's prepayment beside what clearing has used of it, marked at 70 % and 90 %.
    var prepayments: String {
        guard !r.prepayments.isEmpty else { return "" }
        var out =
            "<section><h2>\(say("\(r.period.year) 年预付金及清算已使用额", "Prepayments of \(r.period.year) and what clearing has used of them"))</h2>\n"
        out +=
            "<table id=\"prepayments\"><thead><tr><th class=\"name\">\(say("付款 → 收款", "pays → receives"))</th><th>\(say("预付金", "prepayment"))</th>"
            + "<th>\(say("已使用", "used"))</th><th class=\"name\">\(say("使用比例", "use"))</th></tr></thead>\n"
        for p in r.prepayments {
            let share = p.prepayment > .zero ? min(Double(p.used.fen) / Double(p.prepayment.fen), 1.2) : 0
            out +=
                "<tr><td class=\"name\">\(Self.escape(c.names.province(p.insuredProvince))) → \(Self.escape(c.names.province(p.treatmentProvince)))</td>"
                + "<td>\(p.prepayment.grouped)</td><td>\(p.used.grouped)</td><td class=\"name\"><svg width=\"200\" height=\"14\" role=\"img\">"
                + "<rect x=\"0\" y=\"2\" width=\"\((160 * share).formatted3)\" height=\"10\" fill=\"\(share >= 0.9 ? "#d62728" : share >= 0.7 ? "#ff7f0e" : "#2ca02c")\"/>"
                + "<line x1=\"112\" y1=\"0\" x2=\"112\" y2=\"14\" stroke=\"#333\"/><line x1=\"144\" y1=\"0\" x2=\"144\" y2=\"14\" stroke=\"#333\"/>"
                + "<rect x=\"0\" y=\"2\" width=\"160\" height=\"10\" fill=\"none\" stroke=\"#999\"/></svg></td></tr>\n"
        }
        return out + "</table><p class=\"muted\">\(say("标记位于预付金的 70% 和 90%。", "Marks at 70 % and 90 % of the prepayment."))</p></section>\n"
    }
}
