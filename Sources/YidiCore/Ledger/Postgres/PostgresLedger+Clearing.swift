/// Clearing and prepayment on the PostgreSQL ledger: the same aggregates as on SQLite, summed in
/// SQL and cast back to `bigint` fen.
extension PostgresLedger {
    func closedPeriod(_ period: ClearingPeriod) throws(YidiError) -> Issue? {
        try session.query(
            "SELECT issue_date, submit_by, transfer_by, feedback_by FROM period WHERE period = $1",
            [.text(period.description)]
        ).first.flatMap(Self.issue)
    }

    /// An issue row: `issue_date`, then W1–W3 (NULL for an issue copied from a ledger before v5).
    static func issue(_ row: SQLRow) -> Issue? {
        guard let issued = LocalDate(row.text(0)) else { return nil }
        var due: DueDates?
        if let w1 = row.optionalText(1).flatMap(LocalDate.init), let w2 = row.optionalText(2).flatMap(LocalDate.init),
            let w3 = row.optionalText(3).flatMap(LocalDate.init)
        {
            due = DueDates(issueDate: issued, submitBy: w1, transferBy: w2, feedbackBy: w3)
        }
        return Issue(issueDate: issued, due: due)
    }

    func monthActivity(_ period: ClearingPeriod) throws(YidiError) -> MonthActivity {
        let month = period.description + "%"
        var activity = MonthActivity()
        for row in try session.query("SELECT status, COUNT(*) FROM attempt WHERE received_at LIKE $1 GROUP BY status", [.text(month)]) {
            if let status = AttemptStatus(rawValue: row.text(0)) { activity.outcomes[status] = Int(row.int(1)) }
        }
        activity.errors = try session.query(
            """
            SELECT COALESCE(a.fixmedins_code, '(header unreadable)') AS institution, e.code, COUNT(*) AS n FROM attempt_error e
            JOIN attempt a ON a.id = e.attempt_id
            WHERE a.received_at LIKE $1 AND a.status = 'rejected'
            GROUP BY 1, 2
            ORDER BY COALESCE(a.fixmedins_code, '(header unreadable)') COLLATE "C", COUNT(*) DESC, e.code COLLATE "C"
            """, [.text(month)]
        ).map { (institution: $0.text(0), code: $0.text(1), count: Int($0.int(2))) }
        activity.carriers = try session.query(
            """
            SELECT substr(received_at, 1, 7) AS received, COUNT(*) FROM attempt
            WHERE id IN (SELECT attempt_id FROM settlement WHERE period = $1 UNION SELECT attempt_id FROM reversal WHERE period = $1)
            GROUP BY 1 ORDER BY substr(received_at, 1, 7) COLLATE "C"
            """, [.text(period.description)]
        ).map { (received: $0.text(0), drops: Int($0.int(1))) }
        return activity
    }

    func prepaymentIssue(year: Int) throws(YidiError) -> Issue? {
        try session.query(
            "SELECT issue_date, submit_by, transfer_by, feedback_by FROM prepayment_year WHERE year = $1",
            [.int(year)]
        ).first.flatMap(Self.issue)
    }

    func prepayments(year: Int) throws(YidiError) -> [PrepaymentRow] {
        try session.query(
            "SELECT * FROM prepayment WHERE year = $1 ORDER BY insu_prov COLLATE \"C\", mdtrt_prov COLLATE \"C\"",
            [.int(year)]
        ).map { r in
            PrepaymentRow(
                insuredProvince: r.text("insu_prov"), treatmentProvince: r.text("mdtrt_prov"),
                q4: Amount(fen: Int128(r.int("q4_amt"))), prepayment: Amount(fen: Int128(r.int("prepay_amt"))),
                previous: Amount(fen: Int128(r.int("previous_amt"))), adjustment: Amount(fen: Int128(r.int("adjustment_amt"))))
        }
    }

    func recordPrepayments(year: Int, due: DueDates, rows: [PrepaymentRow], at time: LocalDateTime) throws(YidiError) {
        try transaction { () throws(YidiError) in
            try session.query(
                """
                INSERT INTO prepayment_year (year, issue_date, issued_at, submit_by, transfer_by, feedback_by)
                VALUES ($1, $2, $3, $4, $5, $6)
                """,
                [
                    .int(year), .text(due.issueDate.description), .text(time.description), .text(due.submitBy.description),
                    .text(due.transferBy.description), .text(due.feedbackBy.description)
                ])
            let values = rows.map { r -> [SQLValue] in
                [
                    .int(year), .text(r.insuredProvince), .text(r.treatmentProvince), .int(Int64(r.q4.fen)), .int(Int64(r.prepayment.fen)),
                    .int(Int64(r.previous.fen)), .int(Int64(r.adjustment.fen))
                ]
            }
            try PostgresBatch.insert(
                into: "prepayment",
                columns: [
                    "year", "insu_prov", "mdtrt_prov", "q4_amt", "prepay_amt",
                    "previous_amt", "adjustment_amt"
                ], rows: values, session: session)
        }
    }
}
