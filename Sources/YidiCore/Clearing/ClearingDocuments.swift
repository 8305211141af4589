/// The clearing files of a closed period (outputs.md, Clearing): the summary with every pair and
/// every net, one statement per province, and the pairs as CSV. Same ledger, same bytes.
struct ClearingDocuments {
    let period: ClearingPeriod
    let due: DueDates
    /// Per province pair, sorted by insured then treatment province.
    let pairs: [ClearingRow]
    /// Per pair, insurance type and medical type, sorted.
    let breakdowns: [ClearingRow]
    /// A month cleared with a reconciliation: its excluded and deducted entries, sorted by
    /// `setl_id`; nil for a month cleared without (its files have none of the reconciliation's
    /// elements or columns).
    let outcomes: [ReconOutcome]?

    /// Each province with any entry: receivable (where it treated), payable (where it insured),
    /// net, on `due_amt` (`clr_amt` less deductions).
    var nets: [(province: String, receivable: Amount, payable: Amount, net: Amount)] {
        let provinces = Set(pairs.flatMap { [$0.insuredProvince, $0.treatmentProvince] }).sorted()
        return provinces.map { p in
            let receivable = pairs.filter { $0.treatmentProvince == p }.reduce(Amount.zero) { $0 + $1.totals.dueAmount }
            let payable = pairs.filter { $0.insuredProvince == p }.reduce(Amount.zero) { $0 + $1.totals.dueAmount }
            return (p, receivable, payable, receivable - payable)
        }
    }

    /// The nets add up to zero, or the ledger is inconsistent: an internal error, not a file.
    func checkNets() throws(YidiError) {
        let total = nets.reduce(Amount.zero) { $0 + $1.net }
        guard total == .zero else {
            throw YidiError(.internalError, "the nets of \(period) add up to \(total), not 0.00: no clearing file was written")
        }
    }

    /// Workspace-relative path and text of every file.
    var files: [(path: String, text: String)] {
        let folder = "outbox/clearing/\(period)/"
        var out = [(folder + "CLR_ALL_\(period).xml", summary), (folder + "CLR_ALL_\(period).csv", csv)]
        for n in nets { out.append((folder + "CLR_\(n.province)_\(period).xml", statement(for: n.province))) }
        return out
    }

    private func dates(_ x: inout XMLText) {
        x.element("issue_date", due.issueDate.description)
        x.element("submit_by", due.submitBy.description)
        x.element("transfer_by", due.transferBy.description)
        x.element("feedback_by", due.feedbackBy.description)
    }

    private func sums(_ x: inout XMLText, _ t: ClearingTotals) {
        for (name, value) in columns(t).dropFirst(2) { x.element(name, value) }
    }

    /// The fields of a pair (its provinces, then its sums) in file order, for the XML and the CSV.
    private func columns(_ t: ClearingTotals, insured: String = "", treatment: String = "") -> [(String, String)] {
        var columns = [
            ("insu_prov", insured), ("mdtrt_prov", treatment), ("setl_cnt", String(t.settlementCount)),
            ("revs_cnt", String(t.reversalCount)), ("medfee_sumamt", t.total.description),
            ("fund_pay_sumamt", t.allFunds.description), ("acct_pay", t.accountPayment.description),
            ("clr_amt", t.clearingAmount.description)
        ]
        if outcomes != nil {
            columns += [
                ("excl_cnt", String(t.excludedCount)), ("excl_amt", t.excludedAmount.description),
                ("dedc_cnt", String(t.deductedCount)), ("dedc_amt", t.deductedAmount.description),
                ("due_amt", t.dueAmount.description)
            ]
        }
        return columns
    }

    var summary: String {
        var x = XMLText()
        x.open("ClearingSummary", namespace: "urn:yidi:clearing:1")
        x.element("period", period.description)
        dates(&x)
        for p in pairs {
            x.open("pair")
            x.element("insu_prov", p.insuredProvince)
            x.element("mdtrt_prov", p.treatmentProvince)
            sums(&x, p.totals)
            x.close("pair")
        }
        for n in nets {
            x.open("net")
            x.element("prov_admdvs", n.province)
            x.element("receivable_amt", n.receivable.description)
            x.element("payable_amt", n.payable.description)
            x.element("net_amt", n.net.description)
            x.close("net")
        }
        x.element("net_total", nets.reduce(Amount.zero) { $0 + $1.net }.description)
        x.close("ClearingSummary")
        return x.text
    }

    func statement(for province: String) -> String {
        var x = XMLText()
        x.open("ClearingStatement", namespace: "urn:yidi:clearing:1")
        x.element("prov_admdvs", province)
        x.element("period", period.description)
        dates(&x)
        for (element, mine, counterpart) in [
            ("receivable", \ClearingRow.treatmentProvince, \ClearingRow.insuredProvince),
            ("payable", \ClearingRow.insuredProvince, \ClearingRow.treatmentProvince)
        ] {
            for p in pairs.filter({ $0[keyPath: mine] == province }).sorted(by: { $0[keyPath: counterpart] < $1[keyPath: counterpart] }) {
                x.open(element)
                x.element("counterpart", p[keyPath: counterpart])
                sums(&x, p.totals)
                let rows = breakdowns.filter { $0.insuredProvince == p.insuredProvince && $0.treatmentProvince == p.treatmentProvince }
                for b in rows {
                    x.open("breakdown")
                    x.element("insutype", b.insuranceType ?? "")
                    x.element("med_type", b.medicalType ?? "")
                    sums(&x, b.totals)
                    x.close("breakdown")
                }
                x.close(element)
            }
        }
        let n = nets.first { $0.province == province }
        x.element("receivable_amt", (n?.receivable ?? .zero).description)
        x.element("payable_amt", (n?.payable ?? .zero).description)
        x.element("net_amt", (n?.net ?? .zero).description)
        let mine = (outcomes ?? []).filter { $0.insuredProvince == province || $0.treatmentProvince == province }
        for o in mine where o.state == .excluded {
            x.open("excluded")
            x.element("setl_id", o.setlID)
            x.element("role", o.role?.rawValue)
            x.element("reason", o.reason)
            x.element("clr_amt", o.clearing.description)
            x.close("excluded")
        }
        for o in mine where o.state == .deducted {
            x.open("deducted")
            x.element("setl_id", o.setlID)
            x.element("dedc_amt", o.deduction?.description)
            x.element("dedc_reason", o.deductionReason)
            x.close("deducted")
        }
        x.close("ClearingStatement")
        return x.text
    }

    /// The pairs for finance staff: UTF-8 without BOM, LF, RFC 4180, a header of the pair field names.
    var csv: String {
        var text = columns(ClearingTotals()).map(\.0).joined(separator: ",") + "\n"
        for p in pairs {
            text +=
                columns(p.totals, insured: p.insuredProvince, treatment: p.treatmentProvince).map { Self.csvField($0.1) }
                .joined(separator: ",") + "\n"
        }
        return text
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }
}
