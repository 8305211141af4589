/// `outbox/recon/<M>/RECON_<prov>_<M>.xml.gz` (reconciliation.md, Outputs): a province's
/// candidates of a month's reconciliation, in each role it holds, for it to confirm or exclude.
enum ReconciliationStatement {
    /// The provinces holding a role in any candidate: one statement each, sorted.
    static func provinces(_ entries: [ReconEntry]) -> [String] {
        Set(entries.flatMap { [$0.insuredProvince, $0.treatmentProvince] }).sorted()
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

/// Writes reconciliation statements from the ledger, for the outbox: each month's candidates
/// read once per flush, however many provinces' statements it writes.
struct ReconciliationStatements {
    let ledger: any Ledger
    private var read: [ClearingPeriod: (Reconciliation, [ReconEntry])] = [:]

    init(ledger: any Ledger) { self.ledger = ledger }

    mutating func write(period: ClearingPeriod, province: String, in workspace: Workspace) throws(YidiError) {
        let (r, entries) = try month(period)
        let m = period.description
        try GzipText.write(
            workspace.root + "/outbox/recon/\(m)/RECON_\(province)_\(m).xml.gz",
            text: ReconciliationStatement.text(r, province: province, entries: entries))
    }

    private mutating func month(_ period: ClearingPeriod) throws(YidiError) -> (Reconciliation, [ReconEntry]) {
        if let known = read[period] { return known }
        let ledger = try clearingLedger(self.ledger)
        guard let r = try ledger.reconciliation(period) else {
            throw YidiError(.internalError, "the outbox asks for a statement of \(period), which has no reconciliation")
        }
        let month = (r, try ledger.reconEntries(period))
        read[period] = month
        return month
    }
}
