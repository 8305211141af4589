import GRDB

/// Clearing and prepayment reads and writes: aggregated in SQL, never by loading rows into Swift.
extension SQLiteLedger {
    public func closedPeriod(_ period: ClearingPeriod) throws(YidiError) -> Issue? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT issue_date, submit_by, transfer_by, feedback_by FROM period WHERE period = ?",
                arguments: [period.description]
            ).flatMap(Self.issue)
        }
    }

    /// An issue row: `issue_date`, then W1–W3 (NULL before ledger v5).
    static func issue(_ row: Row) -> Issue? {
        guard let issued = LocalDate(row[0] as String) else { return nil }
        var due: DueDates?
        if let w1 = (row[1] as String?).flatMap(LocalDate.init), let w2 = (row[2] as String?).flatMap(LocalDate.init),
            let w3 = (row[3] as String?).flatMap(LocalDate.init)
        {
            due = DueDates(issueDate: issued, submitBy: w1, transferBy: w2, feedbackBy: w3)
        }
        return Issue(issueDate: issued, due: due)
    }

    public func monthActivity(_ period: ClearingPeriod) throws(YidiError) -> MonthActivity {
        try read { db in
            let month = period.description + "%"
            var activity = MonthActivity()
            for row in try Row.fetchAll(
                db, sql: "SELECT status, COUNT(*) FROM attempt WHERE received_at LIKE ? GROUP BY status",
                arguments: [month])
            {
                if let status = AttemptStatus(rawValue: row[0]) { activity.outcomes[status] = row[1] }
            }
            activity.errors = try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(a.fixmedins_code, '(header unreadable)'), e.code, COUNT(*) FROM attempt_error e
                    JOIN attempt a ON a.id = e.attempt_id
                    WHERE a.received_at LIKE ? AND a.status = 'rejected'
                    GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2
                    """, arguments: [month]
            ).map { (institution: $0[0] as String, code: $0[1] as String, count: $0[2] as Int) }
            activity.carriers = try Row.fetchAll(
                db,
                sql: """
                    SELECT substr(received_at, 1, 7), COUNT(*) FROM attempt
                    WHERE id IN (SELECT attempt_id FROM settlement WHERE period = ? UNION SELECT attempt_id FROM reversal WHERE period = ?)
                    GROUP BY 1 ORDER BY 1
                    """, arguments: [period.description, period.description]
            ).map { (received: $0[0] as String, drops: $0[1] as Int) }
            return activity
        }
    }

    // MARK: - Prepayment

    func prepaymentIssue(year: Int) throws(YidiError) -> Issue? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT issue_date, submit_by, transfer_by, feedback_by FROM prepayment_year WHERE year = ?",
                arguments: [year]
            ).flatMap(Self.issue)
        }
    }

    public func prepayments(year: Int) throws(YidiError) -> [PrepaymentRow] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM prepayment WHERE year = ? ORDER BY insu_prov, mdtrt_prov", arguments: [year])
                .map { r in
                    PrepaymentRow(
                        insuredProvince: r["insu_prov"], treatmentProvince: r["mdtrt_prov"],
                        q4: Amount(fen: Int128(r["q4_amt"] as Int64)), prepayment: Amount(fen: Int128(r["prepay_amt"] as Int64)),
                        previous: Amount(fen: Int128(r["previous_amt"] as Int64)),
                        adjustment: Amount(fen: Int128(r["adjustment_amt"] as Int64)))
                }
        }
    }

    func recordPrepayments(year: Int, due: DueDates, rows: [PrepaymentRow], at time: LocalDateTime) throws(YidiError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO prepayment_year (year, issue_date, issued_at, submit_by, transfer_by, feedback_by) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    year, due.issueDate.description, time.description, due.submitBy.description,
                    due.transferBy.description, due.feedbackBy.description
                ])
            for r in rows {
                try db.execute(
                    sql: """
                        INSERT INTO prepayment (year, insu_prov, mdtrt_prov, q4_amt, prepay_amt, previous_amt, adjustment_amt)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        year, r.insuredProvince, r.treatmentProvince, Int64(r.q4.fen), Int64(r.prepayment.fen),
                        Int64(r.previous.fen), Int64(r.adjustment.fen)
                    ])
            }
        }
    }
}
