/// `outbox/recon/<M>/RECON_<prov>_<M>.xml.gz` (reconciliation.md, Outputs): a province's
/// candidates of a month's reconciliation, in each role it holds, for it to confirm or exclude.
struct ReconciliationStatement {
    let path: String
    let text: String

    /// One statement per province holding a role in any candidate, by province.
    static func all(_ r: Reconciliation, _ entries: [ReconEntry]) -> [ReconciliationStatement] {
        let provinces = Set(entries.flatMap { [$0.insuredProvince, $0.treatmentProvince] }).sorted()
        return provinces.map { province in
            let m = r.period.description
            return ReconciliationStatement(path: "outbox/recon/\(m)/RECON_\(province)_\(m).xml.gz",
                                           text: text(r, province: province, entries: entries))
        }
    }

    /// The statement of `province`: its entries sorted by role (`insured` first), then `setl_id`.
    static func text(_ r: Reconciliation, province: String, entries: [ReconEntry]) -> String {
        let lines = ReconRole.allCases.sorted().flatMap { role in
            entries.filter { $0.province(role) == province }.map { (role, $0) }
        }
        var x = XMLText()
        x.open("ReconciliationStatement", namespace: "urn:yidi:reconciliation:1")
        x.element("prov_admdvs", province)
        x.element("period", r.period.description)
        x.element("issue_date", r.issueDate.description)
        x.element("feedback_by", r.feedbackBy.description)
        x.element("entry_cnt", String(lines.count))
        x.element("clr_sumamt", lines.reduce(Amount.zero) { $0 + $1.1.clearing }.description)
        for (role, e) in lines {
            x.open("entry")
            x.element("setl_id", e.setlID)
            x.element("role", role.rawValue)
            x.element("kind", e.isReversal ? "reversal" : "settlement")
            x.element("orig_setl_id", e.originalID)
            x.element("fixmedins_code", e.institutionCode)
            x.element("mdtrt_admdvs", e.treatmentArea)
            x.element("insu_admdvs", e.insuredArea)
            x.element("psn_no", e.personNumber)
            x.element("entry_time", e.entryTime)
            x.element("entry_period", e.entryPeriod)
            x.element("medfee_sumamt", e.total.description)
            x.element("fund_pay_sumamt", e.allFunds.description)
            x.element("acct_pay", e.account.description)
            x.element("clr_amt", e.clearing.description)
            x.close("entry")
        }
        x.close("ReconciliationStatement")
        return x.text
    }
}
