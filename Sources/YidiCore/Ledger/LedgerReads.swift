/// The ledger's own reads — attempts, runs, the outbox — written once for both ledgers, with
/// their rows decoded once. A row the ledger could not have written (an unknown status or
/// kind) is a broken ledger (74), never read as something else.
extension SharedStatements {
    func attempts(dropKey: String) throws(YidiError) -> [AttemptRecord] {
        try rows("SELECT * FROM attempt WHERE drop_key = $1 ORDER BY attempt", [.text(dropKey)]).map(AttemptRecord.init(row:))
    }

    func attempt(id: Int64) throws(YidiError) -> AttemptRecord? {
        try rows("SELECT * FROM attempt WHERE id = $1", [.int(id)]).first.map(AttemptRecord.init(row:))
    }

    /// The attempts of `ids` that exist, asked in batches of ``idBatch``.
    func attempts(ids: [Int64]) throws(YidiError) -> [AttemptRecord] {
        var found: [AttemptRecord] = []
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(start + Self.idBatch, ids.count)])
            let places = (1...batch.count).map { "$\($0)" }.joined(separator: ", ")
            found += try rows("SELECT * FROM attempt WHERE id IN (\(places)) ORDER BY id", batch.map(SQLValue.int))
                .map(AttemptRecord.init(row:))
            start += batch.count
        }
        return found
    }

    /// Ids asked per statement: far below both ledgers' limits on bound values.
    static var idBatch: Int { 500 }

    func attempts(runID: Int64) throws(YidiError) -> [AttemptRecord] {
        try rows("SELECT * FROM attempt WHERE run_id = $1 ORDER BY id", [.int(runID)]).map(AttemptRecord.init(row:))
    }

    func run(id: Int64) throws(YidiError) -> RunRecord? {
        try rows("SELECT * FROM run WHERE id = $1", [.int(id)]).first.map(RunRecord.init(row:))
    }

    func latestRuns(limit: Int) throws(YidiError) -> [RunRecord] {
        try rows("SELECT * FROM run ORDER BY id DESC LIMIT $1", [.int(limit)]).map(RunRecord.init(row:))
    }

    func pendingOutbox() throws(YidiError) -> [OutboxEntry] {
        try rows("SELECT * FROM outbox WHERE done_at IS NULL ORDER BY id", []).map(OutboxEntry.init(row:))
    }

    /// The latest attempt whose listed errors name a `setl_id` or `claim_id` (`explain` of a rejected record).
    func latestAttempt(naming id: String) throws(YidiError) -> AttemptRecord? {
        try rows(
            """
            SELECT * FROM attempt WHERE id = (SELECT MAX(attempt_id) FROM attempt_error WHERE setl_id = $1 OR claim_id = $1)
            """, [.text(id)]
        ).first.map(AttemptRecord.init(row:))
    }

    func latestClosedPeriod() throws(YidiError) -> ClearingPeriod? {
        try rows("SELECT MAX(period) AS latest FROM period", []).first?.optionalText("latest").flatMap(ClearingPeriod.init)
    }
}

extension AttemptRecord {
    init(row r: SQLRow) throws(YidiError) {
        guard let status = AttemptStatus(rawValue: r.text("status")) else {
            throw YidiError(.io, "ledger: attempt \(r.int("id")) has the unknown status \(r.text("status"))")
        }
        var kind: DropKind?
        if let name = r.optionalText("kind") {
            guard let known = DropKind(rawValue: name) else {
                throw YidiError(.io, "ledger: attempt \(r.int("id")) has the unknown kind \(name)")
            }
            kind = known
        }
        self.init(
            id: r.int("id"), dropKey: r.text("drop_key"), dropID: r.optionalText("drop_id"),
            institutionCode: r.optionalText("fixmedins_code"), attempt: Int(r.int("attempt")), runID: r.int("run_id"),
            fileName: r.text("file_name"), sha256: r.text("sha256"), receivedAt: r.text("received_at"), status: status,
            kind: kind, recordCount: Int(r.int("record_cnt")), lineCount: Int(r.int("line_cnt")),
            controlSum: Amount(fen: Int128(r.int("medfee_sumamt"))), errorCount: Int(r.int("error_cnt")),
            storedPath: r.text("stored_path"))
    }
}

extension RunRecord {
    init(row r: SQLRow) {
        self.init(
            id: r.int("id"), command: r.text("command"), startedAt: r.text("started_at"),
            finishedAt: r.optionalText("finished_at"), exitCode: r.optionalInt("exit_code").map(Int.init),
            failure: r.optionalText("failure"))
    }
}

extension OutboxEntry {
    init(row r: SQLRow) throws(YidiError) {
        let id = r.int("id")
        let task = try Task(
            id: id, kind: r.text("kind"), subject: r.text("subject"), source: r.optionalText("source"),
            target: r.optionalText("target"))
        self.init(
            id: id, runID: r.int("run_id"), task: task, failures: Int(r.int("failures")),
            lastError: r.optionalText("last_error"), firstFailedAt: r.optionalText("first_failed_at"))
    }
}

/// The reads behind `yidi explain` that both ledgers answer with the same text.
extension SharedStatements {
    /// The reversal that names a settlement: its `setl_id`, `drop_id`, `revs_time` and `period`.
    func reversal(of settlementID: String) throws(YidiError) -> [(name: String, value: FileValue)]? {
        try rows("SELECT setl_id, drop_id, revs_time, period FROM reversal WHERE orig_setl_id = $1", [.text(settlementID)])
            .first.map { row in row.names.indices.map { (row.names[$0], .text(row.text($0))) } }
    }

    /// The reference files a run recorded, by file name (bytes, as on both ledgers).
    func referenceHashes(runID: Int64) throws(YidiError) -> [(file: String, sha256: String)] {
        try rows("SELECT file, sha256 FROM run_reference WHERE run_id = $1", [.int(runID)])
            .map { (file: $0.text(0), sha256: $0.text(1)) }
            .sorted { Array($0.file.utf8).lexicographicallyPrecedes(Array($1.file.utf8)) }
    }

    /// The records of an accumulator key committed before `seq` (the ledger's order), reversed
    /// settlements left out: what a claim's `cum_dedc_before` and `cum_fund_before` add up.
    func accumulatorEntries(_ key: AccumulatorKey, before seq: Int64) throws(YidiError) -> [AccumulatorEntry] {
        let (parameters, disease) = key.queryParameters(then: .int(seq))
        return try rows(
            """
            SELECT CAST('setl' AS text) AS element, setl_id AS id, drop_id, act_pay_dedc, hifp_pay, seq FROM settlement s
            WHERE psn_no = $1 AND insu_admdvs = $2 AND insutype = $3 AND med_type = $4 AND year = $5 AND seq < $6 \(disease)
              AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.orig_setl_id = s.setl_id AND r.seq < $6)
            UNION ALL
            SELECT CAST('claim' AS text), claim_id, drop_id, act_pay_dedc, hifp_pay, seq FROM claim
            WHERE psn_no = $1 AND insu_admdvs = $2 AND insutype = $3 AND med_type = $4 AND year = $5 AND seq < $6 \(disease)
            ORDER BY 6
            """, parameters
        ).map { row in
            AccumulatorEntry(
                element: row.text(0), id: row.text(1), dropID: row.text(2), deductible: Amount(fen: Int128(row.int(3))),
                fund: Amount(fen: Int128(row.int(4))))
        }
    }
}
