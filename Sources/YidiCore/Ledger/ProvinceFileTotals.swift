/// The header sums of a run's settlement or reimbursement file for a province, written once for
/// both ledgers (``SharedStatements``).
extension SharedStatements {
    /// The sums after `prov_admdvs`, `run_id`, `created_at`: a reimbursement file's claims; a
    /// settlement file's settlements less its reversals.
    func provinceFileTotals(kind: OutboxEntry.Kind, runID: Int64, province: String) throws(YidiError) -> [(name: String, value: FileValue)]
    {
        let key: [SQLValue] = [.int(runID), .text(province)]
        if kind == .reimbursement {
            let row = try onlyRow(
                """
                SELECT COUNT(*), CAST(COALESCE(SUM(medfee_sumamt), 0) AS BIGINT), CAST(COALESCE(SUM(hifp_pay), 0) AS BIGINT)
                FROM claim WHERE run_id = $1 AND insu_prov = $2
                """, key)
            return [
                ("claim_cnt", .text(String(row.int(0)))), ("medfee_sumamt", Self.fileAmount(row.int(1))),
                ("reim_amt", Self.fileAmount(row.int(2)))
            ]
        }
        let sums = """
            SELECT COUNT(*), CAST(COALESCE(SUM(medfee_sumamt), 0) AS BIGINT), CAST(COALESCE(SUM(fund_pay_sumamt), 0) AS BIGINT),
                   CAST(COALESCE(SUM(acct_pay), 0) AS BIGINT), CAST(COALESCE(SUM(clr_amt), 0) AS BIGINT)
            """
        let s = try onlyRow(sums + " FROM settlement WHERE run_id = $1 AND insu_prov = $2", key)
        let r = try onlyRow(sums + " FROM reversal WHERE run_id = $1 AND insu_prov = $2", key)
        func net(_ i: Int) -> FileValue { Self.fileAmount(s.int(i) - r.int(i)) }
        return [
            ("setl_cnt", .text(String(s.int(0)))), ("revs_cnt", .text(String(r.int(0)))),
            ("medfee_sumamt", net(1)), ("fund_pay_sumamt", net(2)), ("acct_pay", net(3)), ("clr_amt", net(4))
        ]
    }

    /// The one row an aggregate returns.
    private func onlyRow(_ sql: String, _ values: [SQLValue]) throws(YidiError) -> SQLRow {
        guard let row = try rows(sql, values).first else {
            throw YidiError(.internalError, "an aggregate returned no row: \(sql.prefix(40))…")
        }
        return row
    }

    /// A file amount from fen.
    static func fileAmount(_ fen: Int64) -> FileValue { .amount(Amount(fen: Int128(fen))) }
}
