import GRDB

/// Clearing and prepayment reads and writes: aggregated in SQL, never by loading rows into Swift.
extension SQLiteLedger {
    public func closedPeriod(_ period: ClearingPeriod) throws(YidiError) -> Issue? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT issue_date, submit_by, transfer_by, feedback_by FROM period WHERE period = ?",
                             arguments: [period.description]).flatMap(Self.issue)
        }
    }

    /// An issue row: `issue_date`, then W1–W3 (NULL before ledger v5).
    static func issue(_ row: Row) -> Issue? {
        guard let issued = LocalDate(row[0] as String) else { return nil }
        var due: DueDates?
        if let w1 = (row[1] as String?).flatMap(LocalDate.init), let w2 = (row[2] as String?).flatMap(LocalDate.init),
           let w3 = (row[3] as String?).flatMap(LocalDate.init) {
            due = DueDates(issueDate: issued, submitBy: w1, transferBy: w2, feedbackBy: w3)
        }
        return Issue(issueDate: issued, due: due)
    }

    func firstOpenPeriodWithEntries(before period: ClearingPeriod) throws(YidiError) -> ClearingPeriod? {
        try read { db in
            let latest = try String.fetchOne(db, sql: "SELECT MAX(period) FROM period") ?? ""
            return try String.fetchOne(db, sql: """
                SELECT MIN(p) FROM (SELECT period AS p FROM settlement UNION SELECT period FROM reversal)
                WHERE p < ? AND p > ?
                """, arguments: [period.description, latest]).flatMap(ClearingPeriod.init)
        }
    }

    func closePeriod(_ period: ClearingPeriod, due: DueDates, at time: LocalDateTime) throws(YidiError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO period (period, closed_at, issue_date, submit_by, transfer_by, feedback_by) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [period.description, time.description, due.issueDate.description, due.submitBy.description,
                                 due.transferBy.description, due.feedbackBy.description])
        }
    }

    public func clearingRows(_ period: ClearingPeriod, byType: Bool) throws(YidiError) -> [ClearingRow] {
        let groups = byType ? "insu_prov, mdtrt_prov, insutype, med_type" : "insu_prov, mdtrt_prov"
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(groups), SUM(s_cnt), SUM(r_cnt), SUM(medfee), SUM(fund), SUM(acct), SUM(clr) FROM (
                  SELECT \(groups), COUNT(*) AS s_cnt, 0 AS r_cnt, SUM(medfee_sumamt) AS medfee, SUM(fund_pay_sumamt) AS fund,
                         SUM(acct_pay) AS acct, SUM(clr_amt) AS clr
                  FROM settlement WHERE period = ?1 GROUP BY \(groups)
                  UNION ALL
                  SELECT \(groups), 0, COUNT(*), -SUM(medfee_sumamt), -SUM(fund_pay_sumamt), -SUM(acct_pay), -SUM(clr_amt)
                  FROM reversal WHERE period = ?1 GROUP BY \(groups))
                GROUP BY \(groups) ORDER BY \(groups)
                """, arguments: [period.description])
            return rows.map { row in
                let o = byType ? 4 : 2
                var t = ClearingTotals()
                t.settlementCount = row[o]
                t.reversalCount = row[o + 1]
                t.total = Amount(fen: Int128(row[o + 2] as Int64))
                t.allFunds = Amount(fen: Int128(row[o + 3] as Int64))
                t.accountPayment = Amount(fen: Int128(row[o + 4] as Int64))
                t.clearingAmount = Amount(fen: Int128(row[o + 5] as Int64))
                return ClearingRow(insuredProvince: row[0], treatmentProvince: row[1],
                                   insuranceType: byType ? row[2] : nil, medicalType: byType ? row[3] : nil, totals: t)
            }
        }
    }

    public func monthActivity(_ period: ClearingPeriod) throws(YidiError) -> MonthActivity {
        try read { db in
            let month = period.description + "%"
            var activity = MonthActivity()
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM attempt WHERE received_at LIKE ? GROUP BY status",
                                        arguments: [month]) {
                if let status = AttemptStatus(rawValue: row[0]) { activity.outcomes[status] = row[1] }
            }
            activity.errors = try Row.fetchAll(db, sql: """
                SELECT COALESCE(a.fixmedins_code, '(header unreadable)'), e.code, COUNT(*) FROM attempt_error e
                JOIN attempt a ON a.id = e.attempt_id
                WHERE a.received_at LIKE ? AND a.status = 'rejected'
                GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2
                """, arguments: [month]).map { (institution: $0[0] as String, code: $0[1] as String, count: $0[2] as Int) }
            activity.carriers = try Row.fetchAll(db, sql: """
                SELECT substr(received_at, 1, 7), COUNT(*) FROM attempt
                WHERE id IN (SELECT attempt_id FROM settlement WHERE period = ? UNION SELECT attempt_id FROM reversal WHERE period = ?)
                GROUP BY 1 ORDER BY 1
                """, arguments: [period.description, period.description]).map { (received: $0[0] as String, drops: $0[1] as Int) }
            return activity
        }
    }

    func periodsWithEntries() throws(YidiError) -> [ClearingPeriod] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT period FROM settlement UNION SELECT period FROM reversal ORDER BY 1")
                .compactMap(ClearingPeriod.init)
        }
    }

    // MARK: - Prepayment

    func prepaymentIssue(year: Int) throws(YidiError) -> Issue? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT issue_date, submit_by, transfer_by, feedback_by FROM prepayment_year WHERE year = ?",
                             arguments: [year]).flatMap(Self.issue)
        }
    }

    public func prepayments(year: Int) throws(YidiError) -> [PrepaymentRow] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM prepayment WHERE year = ? ORDER BY insu_prov, mdtrt_prov", arguments: [year])
                .map { r in
                    PrepaymentRow(insuredProvince: r["insu_prov"], treatmentProvince: r["mdtrt_prov"],
                                  q4: Amount(fen: Int128(r["q4_amt"] as Int64)), prepayment: Amount(fen: Int128(r["prepay_amt"] as Int64)),
                                  previous: Amount(fen: Int128(r["previous_amt"] as Int64)),
                                  adjustment: Amount(fen: Int128(r["adjustment_amt"] as Int64)))
                }
        }
    }

    func quarterClearing(year: Int) throws(YidiError) -> [(insured: String, treatment: String, amount: Amount)] {
        let periods = (10...12).map { "\(year)-\($0)" }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT insu_prov, mdtrt_prov, SUM(clr) FROM (
                  SELECT insu_prov, mdtrt_prov, SUM(clr_amt) AS clr FROM settlement WHERE period IN (?, ?, ?) GROUP BY 1, 2
                  UNION ALL
                  SELECT insu_prov, mdtrt_prov, -SUM(clr_amt) FROM reversal WHERE period IN (?, ?, ?) GROUP BY 1, 2)
                GROUP BY 1, 2 ORDER BY 1, 2
                """, arguments: StatementArguments(periods + periods)).map { ($0[0], $0[1], Amount(fen: Int128($0[2] as Int64))) }
        }
    }

    func recordPrepayments(year: Int, due: DueDates, rows: [PrepaymentRow], at time: LocalDateTime) throws(YidiError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO prepayment_year (year, issue_date, issued_at, submit_by, transfer_by, feedback_by) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [year, due.issueDate.description, time.description, due.submitBy.description,
                                 due.transferBy.description, due.feedbackBy.description])
            for r in rows {
                try db.execute(sql: """
                    INSERT INTO prepayment (year, insu_prov, mdtrt_prov, q4_amt, prepay_amt, previous_amt, adjustment_amt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [year, r.insuredProvince, r.treatmentProvince, Int64(r.q4.fen), Int64(r.prepayment.fen),
                                     Int64(r.previous.fen), Int64(r.adjustment.fen)])
            }
        }
    }
}
