/// Clearing and prepayment on the PostgreSQL ledger: the same aggregates as on SQLite, summed in
/// SQL and cast back to `bigint` fen.
extension PostgresLedger {
    func closedPeriod(_ period: ClearingPeriod) throws(YidiError) -> Issue? {
        try session.query("SELECT issue_date, submit_by, transfer_by, feedback_by FROM period WHERE period = $1",
                          [.text(period.description)]).first.flatMap(Self.issue)
    }

    /// An issue row: `issue_date`, then W1–W3 (NULL for an issue copied from a ledger before v5).
    static func issue(_ row: SQLRow) -> Issue? {
        guard let issued = LocalDate(row.text(0)) else { return nil }
        var due: DueDates?
        if let w1 = row.optionalText(1).flatMap(LocalDate.init), let w2 = row.optionalText(2).flatMap(LocalDate.init),
           let w3 = row.optionalText(3).flatMap(LocalDate.init) {
            due = DueDates(issueDate: issued, submitBy: w1, transferBy: w2, feedbackBy: w3)
        }
        return Issue(issueDate: issued, due: due)
    }

    func firstOpenPeriodWithEntries(before period: ClearingPeriod) throws(YidiError) -> ClearingPeriod? {
        try session.query("""
            SELECT MIN(p COLLATE "C") FROM (SELECT period AS p FROM settlement UNION SELECT period FROM reversal) AS entries
            WHERE p COLLATE "C" < $1 AND p COLLATE "C" > COALESCE((SELECT MAX(period COLLATE "C") FROM period), '')
            """, [.text(period.description)]).first?.optionalText(0).flatMap(ClearingPeriod.init)
    }

    func closePeriod(_ period: ClearingPeriod, due: DueDates, at time: LocalDateTime) throws(YidiError) {
        try session.query("""
            INSERT INTO period (period, closed_at, issue_date, submit_by, transfer_by, feedback_by) VALUES ($1, $2, $3, $4, $5, $6)
            """, [.text(period.description), .text(time.description), .text(due.issueDate.description), .text(due.submitBy.description),
                  .text(due.transferBy.description), .text(due.feedbackBy.description)])
    }

    func clearingRows(_ period: ClearingPeriod, byType: Bool) throws(YidiError) -> [ClearingRow] {
        let groups = byType ? "insu_prov, mdtrt_prov, insutype, med_type" : "insu_prov, mdtrt_prov"
        let order = (byType ? ["insu_prov", "mdtrt_prov", "insutype", "med_type"] : ["insu_prov", "mdtrt_prov"])
            .map { "\($0) COLLATE \"C\"" }.joined(separator: ", ")
        let rows = try session.query("""
            SELECT \(groups), SUM(s_cnt)::bigint, SUM(r_cnt)::bigint, SUM(medfee)::bigint, SUM(fund)::bigint, SUM(acct)::bigint,
                   SUM(clr)::bigint FROM (
              SELECT \(groups), COUNT(*) AS s_cnt, 0 AS r_cnt, SUM(medfee_sumamt) AS medfee, SUM(fund_pay_sumamt) AS fund,
                     SUM(acct_pay) AS acct, SUM(clr_amt) AS clr
              FROM settlement WHERE period = $1 GROUP BY \(groups)
              UNION ALL
              SELECT \(groups), 0, COUNT(*), -SUM(medfee_sumamt), -SUM(fund_pay_sumamt), -SUM(acct_pay), -SUM(clr_amt)
              FROM reversal WHERE period = $1 GROUP BY \(groups)) AS entries
            GROUP BY \(groups) ORDER BY \(order)
            """, [.text(period.description)])
        return rows.map { row in
            let o = byType ? 4 : 2
            var t = ClearingTotals()
            t.settlementCount = Int(row.int(o))
            t.reversalCount = Int(row.int(o + 1))
            t.total = Amount(fen: Int128(row.int(o + 2)))
            t.allFunds = Amount(fen: Int128(row.int(o + 3)))
            t.accountPayment = Amount(fen: Int128(row.int(o + 4)))
            t.clearingAmount = Amount(fen: Int128(row.int(o + 5)))
            return ClearingRow(insuredProvince: row.text(0), treatmentProvince: row.text(1),
                               insuranceType: byType ? row.text(2) : nil, medicalType: byType ? row.text(3) : nil, totals: t)
        }
    }

    func monthActivity(_ period: ClearingPeriod) throws(YidiError) -> MonthActivity {
        let month = period.description + "%"
        var activity = MonthActivity()
        for row in try session.query("SELECT status, COUNT(*) FROM attempt WHERE received_at LIKE $1 GROUP BY status", [.text(month)]) {
            if let status = AttemptStatus(rawValue: row.text(0)) { activity.outcomes[status] = Int(row.int(1)) }
        }
        activity.errors = try session.query("""
            SELECT COALESCE(a.fixmedins_code, '(header unreadable)') AS institution, e.code, COUNT(*) AS n FROM attempt_error e
            JOIN attempt a ON a.id = e.attempt_id
            WHERE a.received_at LIKE $1 AND a.status = 'rejected'
            GROUP BY 1, 2
            ORDER BY COALESCE(a.fixmedins_code, '(header unreadable)') COLLATE "C", COUNT(*) DESC, e.code COLLATE "C"
            """, [.text(month)]).map { (institution: $0.text(0), code: $0.text(1), count: Int($0.int(2))) }
        activity.carriers = try session.query("""
            SELECT substr(received_at, 1, 7) AS received, COUNT(*) FROM attempt
            WHERE id IN (SELECT attempt_id FROM settlement WHERE period = $1 UNION SELECT attempt_id FROM reversal WHERE period = $1)
            GROUP BY 1 ORDER BY substr(received_at, 1, 7) COLLATE "C"
            """, [.text(period.description)]).map { (received: $0.text(0), drops: Int($0.int(1))) }
        return activity
    }

    func periodsWithEntries() throws(YidiError) -> [ClearingPeriod] {
        try session.query("""
            SELECT p FROM (SELECT period AS p FROM settlement UNION SELECT period FROM reversal) AS entries ORDER BY p COLLATE "C"
            """)
            .compactMap { ClearingPeriod($0.text(0)) }
    }

    // MARK: - Prepayment

    func prepaymentIssue(year: Int) throws(YidiError) -> Issue? {
        try session.query("SELECT issue_date, submit_by, transfer_by, feedback_by FROM prepayment_year WHERE year = $1",
                          [.int(year)]).first.flatMap(Self.issue)
    }

    func prepayments(year: Int) throws(YidiError) -> [PrepaymentRow] {
        try session.query("SELECT * FROM prepayment WHERE year = $1 ORDER BY insu_prov COLLATE \"C\", mdtrt_prov COLLATE \"C\"",
                          [.int(year)]).map { r in
            PrepaymentRow(insuredProvince: r.text("insu_prov"), treatmentProvince: r.text("mdtrt_prov"),
                          q4: Amount(fen: Int128(r.int("q4_amt"))), prepayment: Amount(fen: Int128(r.int("prepay_amt"))),
                          previous: Amount(fen: Int128(r.int("previous_amt"))), adjustment: Amount(fen: Int128(r.int("adjustment_amt"))))
        }
    }

    func quarterClearing(year: Int) throws(YidiError) -> [(insured: String, treatment: String, amount: Amount)] {
        let periods = (10...12).map { SQLValue.text("\(year)-\($0)") }
        return try session.query("""
            SELECT insu_prov, mdtrt_prov, SUM(clr)::bigint AS clr FROM (
              SELECT insu_prov, mdtrt_prov, SUM(clr_amt) AS clr FROM settlement WHERE period IN ($1, $2, $3) GROUP BY 1, 2
              UNION ALL
              SELECT insu_prov, mdtrt_prov, -SUM(clr_amt) FROM reversal WHERE period IN ($1, $2, $3) GROUP BY 1, 2) AS entries
            GROUP BY 1, 2 ORDER BY insu_prov COLLATE "C", mdtrt_prov COLLATE "C"
            """, periods).map { ($0.text(0), $0.text(1), Amount(fen: Int128($0.int(2)))) }
    }

    func recordPrepayments(year: Int, due: DueDates, rows: [PrepaymentRow], at time: LocalDateTime) throws(YidiError) {
        try transaction { () throws(YidiError) in
            try session.query("""
                INSERT INTO prepayment_year (year, issue_date, issued_at, submit_by, transfer_by, feedback_by)
                VALUES ($1, $2, $3, $4, $5, $6)
                """, [.int(year), .text(due.issueDate.description), .text(time.description), .text(due.submitBy.description),
                      .text(due.transferBy.description), .text(due.feedbackBy.description)])
            let values = rows.map { r -> [SQLValue] in
                [.int(year), .text(r.insuredProvince), .text(r.treatmentProvince), .int(Int64(r.q4.fen)), .int(Int64(r.prepayment.fen)),
                 .int(Int64(r.previous.fen)), .int(Int64(r.adjustment.fen))]
            }
            try PostgresBatch.insert(into: "prepayment", columns: ["year", "insu_prov", "mdtrt_prov", "q4_amt", "prepay_amt",
                                                                   "previous_amt", "adjustment_amt"], rows: values, session: session)
        }
    }
}
