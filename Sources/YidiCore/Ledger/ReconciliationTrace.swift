/// An entry's way through the reconciliations (reconciliation.md, for `yidi explain`): each
/// month it was a candidate of, every feedback line about it, and where it was cleared or
/// carried. Read through ``SharedStatements``.
extension ClearingLedger {
    func reconciliationTrace(of setlID: String) throws(YidiError) -> [(name: String, value: String)] {
        let id = SQLValue.text(setlID)
        var out: [(name: String, value: String)] = []
        let candidacies = try rows("SELECT period, entry_period FROM recon_candidate WHERE setl_id = $1", [id])
            .map { ($0.text(0), $0.text(1)) }.sorted { $0.0 < $1.0 }
        for (period, first) in candidacies {
            out.append(("reconciliation \(period)", "candidate" + (first == period ? "" : " (carried, first a candidate in \(first))")))
        }
        let lines = try rows(
            """
            SELECT seq, period, drop_id, prov_admdvs, role, cnfm_flag, reason, dedc_amt, dedc_reason FROM recon_feedback WHERE setl_id = $1
            """, [id]
        ).sorted { $0.int(0) < $1.int(0) }
        for (n, l) in lines.enumerated() {
            var text = "\(l.text(2)) from \(l.text(3)) about \(l.text(1)): \(l.text(4)) cnfm_flag \(l.int(5))"
            if let reason = l.optionalText(6) { text += " reason \(reason)" }
            if let deduction = l.optionalInt(7) { text += " dedc_amt \(Amount(fen: Int128(deduction)))" }
            if let reason = l.optionalText(8) { text += " dedc_reason \(reason)" }
            out.append(("feedback \(n + 1)", text))
        }
        let outcomes = try rows(
            "SELECT period, state, role, reason, dedc_amt, dedc_reason, carried_to FROM recon_outcome WHERE setl_id = $1",
            [id])
        for (period, _) in candidacies {
            guard let month = ClearingPeriod(period), try closedPeriod(month) != nil else {
                out.append(("cleared \(period)", "not yet (its reconciliation awaits clearing)"))
                continue
            }
            if let o = outcomes.first(where: { $0.text(0) == period }) {
                if o.text(1) == "excluded" {
                    out.append(
                        (
                            "cleared \(period)",
                            "excluded by the \(o.text(2)) role (reason \(o.optionalText(3) ?? "-")), "
                                + "carried to \(o.optionalText(6) ?? "-")"
                        ))
                } else {
                    out.append(("cleared \(period)", "included, dedc_amt \(Amount(fen: Int128(o.int(4)))) (\(o.optionalText(5) ?? "-"))"))
                }
            } else {
                out.append(("cleared \(period)", "included"))
            }
        }
        // carried into a month cleared without a reconciliation: included there
        for o in outcomes where o.text(1) == "excluded" {
            guard let to = o.optionalText(6).flatMap(ClearingPeriod.init), !candidacies.contains(where: { $0.0 == to.description }),
                try closedPeriod(to) != nil
            else { continue }
            out.append(("cleared \(to)", "included (carried, the month had no reconciliation)"))
        }
        return out
    }
}
