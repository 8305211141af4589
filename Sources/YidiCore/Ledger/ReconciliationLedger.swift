/// The reconciliation's reads and writes (reconciliation.md), each written once for both
/// ledgers through ``SharedStatements``.
protocol ReconciliationLedger: SharedStatements {}

extension SQLiteLedger: ReconciliationLedger {}
extension PostgresLedger: ReconciliationLedger {}

extension ReconciliationLedger {
    /// A month's issued reconciliation, nil if none.
    func reconciliation(_ period: ClearingPeriod) throws(YidiError) -> Reconciliation? {
        guard
            let row = try rows(
                "SELECT issue_date, feedback_by FROM reconciliation WHERE period = $1",
                [.text(period.description)]
            ).first
        else { return nil }
        guard let issued = LocalDate(row.text(0)), let by = LocalDate(row.text(1)) else {
            throw YidiError(.internalError, "the ledger's reconciliation of \(period) holds unreadable dates")
        }
        return Reconciliation(period: period, issueDate: issued, feedbackBy: by)
    }

    /// The latest month that is closed or has an issued reconciliation (frozen): late detail
    /// rolls forward past it (rules.md, Periods).
    func latestFrozenPeriod() throws(YidiError) -> ClearingPeriod? {
        let row = try rows("SELECT (SELECT MAX(period) FROM period), (SELECT MAX(period) FROM reconciliation)", [])[0]
        return [row.optionalText(0), row.optionalText(1)].compactMap { $0.flatMap(ClearingPeriod.init) }.max()
    }

    /// Issues `period`'s reconciliation: its candidates (its entries, and those carried into it)
    /// frozen with it, and run `runID`'s outbox entries for the statements of every province
    /// holding a role in one, in one transaction.
    func issueReconciliation(_ r: Reconciliation, runID: Int64, at time: LocalDateTime) throws(YidiError) {
        let m = SQLValue.text(r.period.description)
        try execute([
            (
                "INSERT INTO reconciliation (period, issue_date, feedback_by, issued_at) VALUES ($1, $2, $3, $4)",
                [m, .text(r.issueDate.description), .text(r.feedbackBy.description), .text(time.description)]
            ),
            (
                """
                INSERT INTO recon_candidate (period, setl_id, entry_period)
                SELECT $1, e.setl_id, COALESCE((SELECT MIN(c.entry_period) FROM recon_candidate c WHERE c.setl_id = e.setl_id), $1)
                FROM (SELECT setl_id FROM settlement WHERE period = $1 UNION ALL SELECT setl_id FROM reversal WHERE period = $1
                      UNION ALL SELECT setl_id FROM recon_outcome WHERE carried_to = $1 AND state = 'excluded') AS e
                """, [m]
            ),
            (
                """
                INSERT INTO outbox (run_id, kind, subject)
                SELECT $1, 'recon', $2 || '/' || p FROM (
                  SELECT s.insu_prov AS p FROM recon_candidate c JOIN settlement s ON s.setl_id = c.setl_id WHERE c.period = $2
                  UNION SELECT s.mdtrt_prov FROM recon_candidate c JOIN settlement s ON s.setl_id = c.setl_id WHERE c.period = $2
                  UNION SELECT r.insu_prov FROM recon_candidate c JOIN reversal r ON r.setl_id = c.setl_id WHERE c.period = $2
                  UNION SELECT r.mdtrt_prov FROM recon_candidate c JOIN reversal r ON r.setl_id = c.setl_id WHERE c.period = $2
                ) AS provinces
                """, [.int(runID), m]
            )
        ])
    }

    /// The candidates of `period`'s reconciliation, sorted by `setl_id` (bytes).
    func reconEntries(_ period: ClearingPeriod) throws(YidiError) -> [ReconEntry] {
        let rows = try rows(
            """
            SELECT s.setl_id, 0, NULL, s.fixmedins_code, s.mdtrt_admdvs, s.insu_admdvs, s.mdtrt_prov, s.insu_prov, s.psn_no,
                   s.setl_time, c.entry_period, s.medfee_sumamt, s.fund_pay_sumamt, s.acct_pay, s.clr_amt
            FROM recon_candidate c JOIN settlement s ON s.setl_id = c.setl_id WHERE c.period = $1
            UNION ALL
            SELECT r.setl_id, 1, r.orig_setl_id, r.fixmedins_code, s.mdtrt_admdvs, s.insu_admdvs, r.mdtrt_prov, r.insu_prov, s.psn_no,
                   r.revs_time, c.entry_period, -r.medfee_sumamt, -r.fund_pay_sumamt, -r.acct_pay, -r.clr_amt
            FROM recon_candidate c JOIN reversal r ON r.setl_id = c.setl_id JOIN settlement s ON s.setl_id = r.orig_setl_id
            WHERE c.period = $1
            """, [.text(period.description)])
        return rows.map { r in
            ReconEntry(
                setlID: r.text(0), isReversal: r.int(1) != 0, originalID: r.optionalText(2), institutionCode: r.text(3),
                treatmentArea: r.text(4), insuredArea: r.text(5), treatmentProvince: r.text(6), insuredProvince: r.text(7),
                personNumber: r.text(8), entryTime: r.text(9), entryPeriod: r.text(10), total: Amount(fen: Int128(r.int(11))),
                allFunds: Amount(fen: Int128(r.int(12))), account: Amount(fen: Int128(r.int(13))),
                clearing: Amount(fen: Int128(r.int(14))))
        }.sorted { $0.setlID.utf8.lexicographicallyPrecedes($1.setlID.utf8) }
    }

    /// The latest accepted feedback line per (`setl_id`, role) about `period`'s candidates.
    func latestFeedback(_ period: ClearingPeriod) throws(YidiError) -> [FeedbackLine] {
        try rows(
            """
            SELECT f.setl_id, f.role, f.cnfm_flag, f.reason, f.dedc_amt, f.dedc_reason FROM recon_feedback f
            WHERE f.period = $1
              AND f.seq = (SELECT MAX(g.seq) FROM recon_feedback g WHERE g.period = $1 AND g.setl_id = f.setl_id AND g.role = f.role)
            """, [.text(period.description)]
        ).map { (r) throws(YidiError) -> FeedbackLine in
            guard let role = ReconRole(rawValue: r.text(1)) else {
                throw YidiError(.internalError, "the ledger's feedback on \(r.text(0)) names an unknown role \(r.text(1))")
            }
            return FeedbackLine(
                setlID: r.text(0), role: role, confirmed: r.int(2) != 0, reason: r.optionalText(3),
                deduction: r.optionalInt(4).map { Amount(fen: Int128($0)) }, deductionReason: r.optionalText(5))
        }
    }

    /// The provinces that sent an accepted feedback drop about `period`.
    func feedbackProvinces(_ period: ClearingPeriod) throws(YidiError) -> Set<String> {
        Set(try rows("SELECT DISTINCT prov_admdvs FROM recon_feedback WHERE period = $1", [.text(period.description)]).map { $0.text(0) })
    }

    /// The outcomes recorded when `period` was cleared with its reconciliation.
    func reconOutcomes(_ period: ClearingPeriod) throws(YidiError) -> [ReconOutcome] {
        try rows(
            """
            SELECT o.setl_id, o.state, o.role, o.reason, o.clr_amt, o.dedc_amt, o.dedc_reason, o.carried_to,
                   COALESCE(s.insu_prov, r.insu_prov), COALESCE(s.mdtrt_prov, r.mdtrt_prov)
            FROM recon_outcome o LEFT JOIN settlement s ON s.setl_id = o.setl_id LEFT JOIN reversal r ON r.setl_id = o.setl_id
            WHERE o.period = $1
            """, [.text(period.description)]
        ).map { (r) throws(YidiError) -> ReconOutcome in
            guard let state = ReconOutcome.State(rawValue: r.text(1)), let insured = r.optionalText(8), let treatment = r.optionalText(9)
            else {
                throw YidiError(.internalError, "the ledger's outcome of \(r.text(0)) names an unknown state or entry")
            }
            return ReconOutcome(
                setlID: r.text(0), state: state, role: r.optionalText(2).flatMap(ReconRole.init), reason: r.optionalText(3),
                clearing: Amount(fen: Int128(r.int(4))), deduction: r.optionalInt(5).map { Amount(fen: Int128($0)) },
                deductionReason: r.optionalText(6), insuredProvince: insured, treatmentProvince: treatment,
                carriedTo: r.optionalText(7).flatMap(ClearingPeriod.init))
        }.sorted { $0.setlID.utf8.lexicographicallyPrecedes($1.setlID.utf8) }
    }

    /// Closes `period` with its issue and due dates and, for a reconciled month, the outcomes
    /// of its excluded and deducted candidates: one transaction.
    func closePeriod(
        _ period: ClearingPeriod, due: DueDates, outcomes: [ReconOutcome], counted increments: [MetricIncrement],
        at time: LocalDateTime
    ) throws(YidiError) {
        var statements: [(sql: String, values: [SQLValue])] = [
            (
                """
                INSERT INTO period (period, closed_at, issue_date, submit_by, transfer_by, feedback_by) VALUES ($1, $2, $3, $4, $5, $6)
                """,
                [
                    .text(period.description), .text(time.description), .text(due.issueDate.description), .text(due.submitBy.description),
                    .text(due.transferBy.description), .text(due.feedbackBy.description)
                ]
            )
        ]
        for o in outcomes {
            statements.append(
                (
                    """
                    INSERT INTO recon_outcome (period, setl_id, state, role, reason, clr_amt, dedc_amt, dedc_reason, carried_to)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    [
                        .text(period.description), .text(o.setlID), .text(o.state.rawValue), .text(o.role?.rawValue), .text(o.reason),
                        .int(Int64(o.clearing.fen)), .int(o.deduction.map { Int64($0.fen) }), .text(o.deductionReason),
                        .text(o.carriedTo?.description)
                    ]
                ))
        }
        for i in increments {
            statements.append(
                (
                    """
                    INSERT INTO counter (name, labels, value) VALUES ($1, $2, $3)
                    ON CONFLICT (name, labels) DO UPDATE SET value = counter.value + excluded.value
                    """, [.text(i.name), .text(i.labels), .int(i.value)]
                ))
        }
        try execute(statements)
    }
}
