/// The clearing's reads, written once for both ledgers (``SharedStatements``): which entries a
/// month clears (reconciliation.md) and their sums per pair.
extension ReconciliationLedger {
    /// The first month before `period`, after the latest closed one, that holds entries (its
    /// own, or entries excluded last month and carried into it).
    func firstOpenPeriodWithEntries(before period: ClearingPeriod) throws(YidiError) -> ClearingPeriod? {
        let latest = try rows("SELECT MAX(period) FROM period", [])[0].optionalText(0).flatMap(ClearingPeriod.init)
        return try periodsWithEntries().first { month in
            guard month < period else { return false }
            guard let latest else { return true }
            return month > latest
        }
    }

    /// Every month that holds an entry, sorted.
    func periodsWithEntries() throws(YidiError) -> [ClearingPeriod] {
        let months = try rows(
            """
            SELECT DISTINCT period FROM settlement UNION SELECT DISTINCT period FROM reversal
            UNION SELECT DISTINCT carried_to FROM recon_outcome WHERE carried_to IS NOT NULL
            """, [])
        return try months.map { (r) throws(YidiError) -> ClearingPeriod in
            guard let p = ClearingPeriod(r.text(0)) else { throw YidiError(.internalError, "the ledger holds a period \(r.text(0))") }
            return p
        }.sorted()
    }

    /// The sums `period` clears per province pair (or per pair, insurance and medical type),
    /// sorted: a reconciled month's candidates less its exclusions, with its exclusions and
    /// deductions counted apart; any other month's entries and those carried into it.
    func clearingRows(_ period: ClearingPeriod, byType: Bool) throws(YidiError) -> [ClearingRow] {
        let groups = byType ? ["insu_prov", "mdtrt_prov", "insutype", "med_type"] : ["insu_prov", "mdtrt_prov"]
        func columns(_ table: String) -> String { groups.map { "\(table).\($0)" }.joined(separator: ", ") }
        let reconciled: Int64 = try reconciliation(period) == nil ? 0 : 1
        // $1 the month, $2 whether it was reconciled; x: excluded, d: deducted
        let excluded = "SELECT setl_id FROM recon_outcome WHERE period = $1 AND state = 'excluded'"
        let clearedIDs = """
            SELECT setl_id FROM recon_candidate WHERE period = $1 AND setl_id NOT IN (\(excluded))
            UNION ALL SELECT setl_id FROM recon_outcome WHERE carried_to = $1 AND state = 'excluded' AND $2 = 0
            """
        // the settlements (s) and reversals (r, amounts negated) for which `cond(alias)` holds
        func entries(_ cond: (String) -> String) -> String {
            """
            SELECT \(columns("s")), 1 AS sc, 0 AS rc, s.medfee_sumamt AS medfee, s.fund_pay_sumamt AS fund, s.acct_pay AS acct,
                   s.clr_amt AS clr FROM settlement s WHERE \(cond("s"))
            UNION ALL
            SELECT \(columns("r")), 0, 1, -r.medfee_sumamt, -r.fund_pay_sumamt, -r.acct_pay, -r.clr_amt FROM reversal r
            WHERE \(cond("r"))
            """
        }
        let rows = try rows(
            """
            SELECT \(groups.joined(separator: ", ")), CAST(SUM(sc) AS BIGINT), CAST(SUM(rc) AS BIGINT), CAST(SUM(medfee) AS BIGINT),
                   CAST(SUM(fund) AS BIGINT), CAST(SUM(acct) AS BIGINT), CAST(SUM(clr) AS BIGINT), CAST(SUM(xc) AS BIGINT),
                   CAST(SUM(xa) AS BIGINT), CAST(SUM(dc) AS BIGINT), CAST(SUM(da) AS BIGINT) FROM (
              SELECT e.*, 0 AS xc, 0 AS xa, 0 AS dc, 0 AS da FROM (
                \(entries { "\($0).period = $1 AND $2 = 0" })
                UNION ALL
                \(entries { "\($0).setl_id IN (\(clearedIDs))" })) AS e
              UNION ALL
              SELECT \(groups.map { "x.\($0)" }.joined(separator: ", ")), 0, 0, 0, 0, 0, 0, 1, x.clr, 0, 0 FROM (
                \(entries { "\($0).setl_id IN (\(excluded))" })) AS x
              UNION ALL
              SELECT \(columns("s")), 0, 0, 0, 0, 0, 0, 0, 0, 1, o.dedc_amt FROM recon_outcome o JOIN settlement s ON s.setl_id = o.setl_id
              WHERE o.period = $1 AND o.state = 'deducted') AS t
            GROUP BY \(groups.joined(separator: ", "))
            """, [.text(period.description), .int(reconciled)])
        return rows.map { row in
            let o = groups.count
            var t = ClearingTotals()
            t.settlementCount = Int(row.int(o))
            t.reversalCount = Int(row.int(o + 1))
            t.total = Amount(fen: Int128(row.int(o + 2)))
            t.allFunds = Amount(fen: Int128(row.int(o + 3)))
            t.accountPayment = Amount(fen: Int128(row.int(o + 4)))
            t.clearingAmount = Amount(fen: Int128(row.int(o + 5)))
            t.excludedCount = Int(row.int(o + 6))
            t.excludedAmount = Amount(fen: Int128(row.int(o + 7)))
            t.deductedCount = Int(row.int(o + 8))
            t.deductedAmount = Amount(fen: Int128(row.int(o + 9)))
            return ClearingRow(
                insuredProvince: row.text(0), treatmentProvince: row.text(1),
                insuranceType: byType ? row.text(2) : nil, medicalType: byType ? row.text(3) : nil, totals: t)
        }.sorted { a, b in
            let ka = [a.insuredProvince, a.treatmentProvince, a.insuranceType ?? "", a.medicalType ?? ""]
            let kb = [b.insuredProvince, b.treatmentProvince, b.insuranceType ?? "", b.medicalType ?? ""]
            return ka.lexicographicallyPrecedes(kb) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
    }

    /// Σ `due_amt` of a year's periods 10–12 per province pair, sorted (rules.md, Prepayment).
    func quarterClearing(year: Int) throws(YidiError) -> [(insured: String, treatment: String, amount: Amount)] {
        var sums: [String: (insured: String, treatment: String, amount: Amount)] = [:]
        for month in 10...12 {
            for row in try clearingRows(ClearingPeriod(year: year, month: month), byType: false) {
                let key = row.insuredProvince + "|" + row.treatmentProvince
                sums[key, default: (row.insuredProvince, row.treatmentProvince, .zero)].amount += row.totals.dueAmount
            }
        }
        return sums.values.sorted { ($0.insured, $0.treatment) < ($1.insured, $1.treatment) }
    }
}
