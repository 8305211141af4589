/// One drop's transaction on the PostgreSQL ledger: the same contract as
/// ``SQLiteDropTransaction`` (reads leave out the records of the drop's own `drop_id`), with
/// the records batched: they are kept until ``commit()`` (or until ``batchSize`` of them are
/// waiting) and then written as multi-row `INSERT`s with bound values, a few round trips per
/// drop instead of one per record.
///
/// Reads that several workers could race on are made safe by the database: a person's
/// accumulator key is locked (`pg_advisory_xact_lock`) from its read to the commit, and unique
/// constraints refuse a second acceptance of a `drop_id`, `setl_id` or `claim_id` (SQLSTATE
/// 23505 in the error, the signal to assess the drop again).
final class PostgresDropTransaction: DropTransaction {
    private let ledger: PostgresLedger
    private var session: PostgresSession { ledger.session }
    let attemptID: Int64
    /// The header's `drop_id` ("" when it could not be read).
    let dropID: String
    private let inGroup: Bool
    let runID: Int64
    /// The worker's claim on the drop's file: the commit goes through only while it holds.
    private let claim: InboxClaim?
    private var settlementProvinces: Set<String> = []
    private var claimProvinces: Set<String> = []
    private var attemptRecorded = false
    /// Records waiting to be written, in document order.
    private var pending: [PendingRecord] = []
    /// The accumulator keys of the kept settlements: locked when they are written, so that a
    /// claim reading the same person's year never misses a settlement committed before it.
    private var pendingKeys: Set<String> = []
    /// Outbox entries waiting for the commit, as rows of `outbox`.
    private var pendingOutbox: [[SQLValue]] = []
    /// The attempts last read by ``history(of:)``, under the key they were read for.
    private var knownHistory: (key: String, attempts: [AttemptRecord])?
    /// Records kept before a batch is written (bounded memory on a big drop).
    static let batchSize = 1000

    /// A record kept for the next batch: its table, its values in the insert's column order
    /// (`seq` left for the batch to fill), and its detail row.
    private struct PendingRecord {
        var table: RecordTable
        var values: [SQLValue]
        var detail: (categories: String, lines: String)?
    }

    /// The three record tables with their insert columns: the ledger's own, then the layout's.
    private enum RecordTable: CaseIterable {
        case settlement, reversal, claim

        var name: String {
            switch self {
            case .settlement: "settlement"
            case .reversal: "reversal"
            case .claim: "claim"
            }
        }

        var columns: [String] {
            switch self {
            case .settlement: ["seq", "attempt_id", "run_id", "mdtrt_prov", "insu_prov", "year"] + RecordLayout.settlement.storedNames
            case .reversal: ["seq", "attempt_id", "run_id", "fixmedins_code", "mdtrt_prov", "insu_prov", "insutype", "med_type"]
                + RecordLayout.reversal.storedNames
            case .claim: ["seq", "attempt_id", "run_id", "insu_prov", "year"] + RecordLayout.claim.storedNames
            }
        }
    }

    /// Begins the transaction (in a group: a savepoint), reserves the attempt's row and marks
    /// where the drop's records begin.
    init(ledger: PostgresLedger, runID: Int64, dropID: String?, claim: InboxClaim?, inGroup: Bool) throws(YidiError) {
        self.ledger = ledger
        self.claim = claim
        self.dropID = dropID ?? ""
        self.inGroup = inGroup
        self.runID = runID
        let session = ledger.session
        if inGroup {
            try session.execute("SAVEPOINT one_drop")
        } else {
            try session.execute("BEGIN")
            ledger.inTransaction = true
        }
        do {
            attemptID = try session.query("""
                INSERT INTO attempt (drop_key, attempt, run_id, file_name, sha256, received_at, status, record_cnt, line_cnt,
                                     medfee_sumamt, error_cnt, stored_path)
                VALUES ('_pending/' || nextval('record_seq'), 0, $1, '', '', '', 'rejected', 0, 0, 0, 0, '')
                RETURNING id
                """, [.int(runID)])[0].int(0)
            try session.execute("SAVEPOINT drop_records")
        } catch {
            try? Self.undo(ledger, inGroup: inGroup)  // the error below is the one to report
            throw error
        }
    }

    func commit() throws(YidiError) {
        try flush()
        try PostgresBatch.insert(into: "outbox", columns: ["run_id", "kind", "subject", "source", "target"], rows: pendingOutbox,
                                 session: session)
        pendingOutbox.removeAll()
        if let claim {
            // fenced: a worker whose claim was taken over (its lease ran out) commits nothing;
            // the row lock taken here makes a takeover wait for this commit
            let held = try session.query("""
                UPDATE inbox_claim SET done = true, leased_until = NULL WHERE file_key = $1 AND fence = $2 AND NOT done
                RETURNING fence
                """, [.text(claim.file.key), .int(claim.fence)])
            guard held.count == 1 else {
                throw YidiError(.tempFail, "the claim on \(claim.file.name) was taken over by another worker: this drop was not committed")
            }
        }
        // drop_records needs no release of its own: the commit (or one_drop's release) ends it
        if !attemptRecorded { try session.query("DELETE FROM attempt WHERE id = $1", [.int(attemptID)]) }
        if inGroup {
            try session.execute("RELEASE SAVEPOINT one_drop")
        } else {
            ledger.inTransaction = false
            try session.execute("COMMIT")
        }
    }

    func rollback() throws(YidiError) {
        pending.removeAll()
        pendingOutbox.removeAll()
        try Self.undo(ledger, inGroup: inGroup)
    }

    /// Rolls the drop back; a connection already gone took the transaction with it.
    private static func undo(_ ledger: PostgresLedger, inGroup: Bool) throws(YidiError) {
        let session = ledger.session
        if inGroup {
            guard !session.isClosed else { return }
            try session.execute("ROLLBACK TO SAVEPOINT one_drop")
            try session.execute("RELEASE SAVEPOINT one_drop")
        } else {
            ledger.inTransaction = false
            guard !session.isClosed else { return }  // the server rolled it back with the connection
            try session.execute("ROLLBACK")
        }
    }

    // MARK: - PriorFacts

    var knowsEarlierDrops: Bool { true }

    func isAccepted(id: String) throws(YidiError) -> Bool {
        try session.query("""
            SELECT EXISTS (SELECT 1 FROM settlement WHERE setl_id = $1 AND drop_id <> $2
                           UNION ALL SELECT 1 FROM reversal WHERE setl_id = $1 AND drop_id <> $2
                           UNION ALL SELECT 1 FROM claim WHERE claim_id = $1 AND drop_id <> $2)
            """, [.text(id), .text(dropID)])[0].int(0) != 0
    }

    /// As many as a batch of records: the assessment asks about the ids of a batch when its
    /// last id is read, before that record reaches ``keep(_:own:layout:values:detail:)``, so
    /// no record is written before its id was asked (one that were would meet the unique key:
    /// the drop is then assessed again with each id asked at once).
    var identityBatch: Int { Self.batchSize }

    func acceptedAmong(_ ids: [String]) throws(YidiError) -> Set<String> {
        let rows = try session.query("""
            SELECT setl_id FROM settlement WHERE setl_id = ANY($1::text[]) AND drop_id <> $2
            UNION SELECT setl_id FROM reversal WHERE setl_id = ANY($1::text[]) AND drop_id <> $2
            UNION SELECT claim_id FROM claim WHERE claim_id = ANY($1::text[]) AND drop_id <> $2
            """, [.text(PostgresLedger.textArray(ids)), .text(dropID)])
        return Set(rows.map { $0.text(0) })
    }

    func settlement(id: String) throws(YidiError) -> SettlementSummary? {
        guard let row = try session.query("""
            SELECT setl_id, fixmedins_code, medfee_sumamt, fund_pay_sumamt, acct_pay, reversed_by
            FROM settlement WHERE setl_id = $1 AND drop_id <> $2
            """, [.text(id), .text(dropID)]).first else { return nil }
        return SettlementSummary(id: row.text(0), institutionCode: row.text(1), total: Self.amount(row.int(2)),
                                 allFunds: Self.amount(row.int(3)), accountPayment: Self.amount(row.int(4)),
                                 isReversed: row.optionalText(5) != nil)
    }

    /// rules.md: as ``SQLiteDropTransaction/accumulated(_:)``; the key is locked until the
    /// transaction ends, so that two drops of the same person never both build on not seeing
    /// each other.
    func accumulated(_ key: AccumulatorKey) throws(YidiError) -> (deductible: Amount, fund: Amount) {
        try session.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [.text(Self.lockText(key))])
        var args: [SQLValue] = [.text(key.personNumber), .text(key.insuredArea), .text(key.insuranceType.rawValue),
                                .text(key.medicalType.rawValue), .int(key.year), .text(dropID)]
        var disease = ""
        if key.medicalType == .chronicDisease {
            disease = "AND dise_codg = $7"
            args.append(.text(key.diseaseCode ?? ""))
        }
        let row = try session.query("""
            SELECT COALESCE(SUM(d), 0)::bigint, COALESCE(SUM(f), 0)::bigint FROM (
              SELECT act_pay_dedc AS d, hifp_pay AS f FROM settlement
              WHERE psn_no = $1 AND insu_admdvs = $2 AND insutype = $3 AND med_type = $4 AND year = $5
                AND reversed_by IS NULL AND drop_id <> $6 \(disease)
              UNION ALL
              SELECT act_pay_dedc, hifp_pay FROM claim
              WHERE psn_no = $1 AND insu_admdvs = $2 AND insutype = $3 AND med_type = $4 AND year = $5
                AND drop_id <> $6 \(disease)) AS earlier
            """, args)[0]
        return (Self.amount(row.int(0)), Self.amount(row.int(1)))
    }

    // MARK: - Attempts

    func nextAttemptNumber(dropKey: String) throws(YidiError) -> Int {
        (try attempts(dropKey: dropKey).map(\.attempt).max() ?? 0) + 1
    }

    func attempts(dropKey: String) throws(YidiError) -> [AttemptRecord] {
        try history(of: dropKey).filter { $0.dropKey == dropKey }
    }

    func acceptedAttempt(dropID: String) throws(YidiError) -> AttemptRecord? {
        try history(of: dropID).first { $0.status == .accepted && $0.dropID == dropID }
    }

    /// The attempts filed under `key` and the accepted one of that `drop_id`, read once for the
    /// three questions a drop asks about its history (the duplicate check, the attempt
    /// number, the rejected files to retire) until the transaction writes an attempt. An
    /// acceptance another worker commits meanwhile still meets the unique key at commit.
    private func history(of key: String) throws(YidiError) -> [AttemptRecord] {
        if let known = knownHistory, known.key == key { return known.attempts }
        let attempts = try session.query("""
            SELECT * FROM attempt WHERE drop_key = $1 OR (drop_id = $1 AND status = 'accepted') ORDER BY attempt
            """, [.text(key)]).map(PostgresLedger.attempt)
        knownHistory = (key, attempts)
        return attempts
    }

    func acceptedAttempt(sha256: String) throws(YidiError) -> AttemptRecord? {
        try session.query("SELECT * FROM attempt WHERE sha256 = $1 AND status = 'accepted'", [.text(sha256)])
            .first.map(PostgresLedger.attempt)
    }

    func record(attempt a: AttemptRecord, errors: [DropError]) throws(YidiError) -> Int64 {
        try session.query("""
            UPDATE attempt SET drop_key = $1, drop_id = $2, fixmedins_code = $3, attempt = $4, run_id = $5, file_name = $6,
                               sha256 = $7, received_at = $8, status = $9, kind = $10, record_cnt = $11, line_cnt = $12,
                               medfee_sumamt = $13, error_cnt = $14, stored_path = $15
            WHERE id = $16
            """, [.text(a.dropKey), .text(a.dropID), .text(a.institutionCode), .int(a.attempt), .int(a.runID), .text(a.fileName),
                  .text(a.sha256), .text(a.receivedAt), .text(a.status.rawValue), .text(a.kind?.rawValue), .int(a.recordCount),
                  .int(a.lineCount), .int(Self.fen(a.controlSum)), .int(a.errorCount), .text(a.storedPath), .int(attemptID)])
        attemptRecorded = true
        knownHistory = nil
        let columns = ["attempt_id", "seq", "code", "message", "line", "setl_id", "claim_id", "feedetl_sn", "field", "expected", "found"]
        let rows = errors.enumerated().map { seq, e -> [SQLValue] in
            [.int(attemptID), .int(seq + 1), .text(e.code.rawValue), .text(e.message), .int(e.line.map(Int64.init)),
             .text(e.setlID), .text(e.claimID), .text(e.feedetlSN), .text(e.field), .text(e.expected), .text(e.found)]
        }
        try PostgresBatch.insert(into: "attempt_error", columns: columns, rows: rows, session: session)
        return attemptID
    }

    func enqueueProvinceFiles() throws(YidiError) {
        var rows: [[SQLValue]] = []
        for (kind, provinces) in [("settlement", settlementProvinces), ("reimbursement", claimProvinces)] {
            rows += provinces.sorted().map { [.int(runID), .text(kind), .text($0)] }
        }
        try PostgresBatch.insert(into: "outbox", columns: ["run_id", "kind", "subject"], rows: rows, session: session,
                                 onConflict: " ON CONFLICT DO NOTHING")
    }

    func addCounters(_ increments: [MetricIncrement]) throws(YidiError) {
        try PostgresLedger.add(increments, in: session)
    }

    func updateStoredPath(attemptID: Int64, path: String) throws(YidiError) {
        knownHistory = nil
        try session.query("UPDATE attempt SET stored_path = $1 WHERE id = $2", [.text(path), .int(attemptID)])
    }

    /// Kept until ``commit()``, which writes the drop's entries (its moves and acknowledgement)
    /// in one insert, in the order they were enqueued.
    func enqueue(_ task: OutboxEntry.Task, runID: Int64) throws(YidiError) {
        let row = task.columns
        pendingOutbox.append([.int(runID), .text(task.kind.rawValue), .text(row.subject), .text(row.source), .text(row.target)])
    }

    func discardRecords() throws(YidiError) {
        pending.removeAll()
        pendingKeys.removeAll()
        try session.execute("ROLLBACK TO SAVEPOINT drop_records")
        settlementProvinces.removeAll()
        claimProvinces.removeAll()
    }

    // MARK: - Records

    func record(_ a: AssessedSettlement, dropID: String, institution: String, treatmentArea: String,
                period: ClearingPeriod) throws(YidiError) {
        let v = a.settlement.visit
        let own: [SQLValue] = [.int(attemptID), .int(runID), .text(Self.province(treatmentArea)), .text(Self.province(v.insuredArea)),
                               .int(a.settlement.settledAt.date.year)]
        let values = RecordLayout.values(of: a, dropID: dropID, institution: institution, treatmentArea: treatmentArea, period: period)
        if let insutype = v.insuranceType, let medType = v.medicalType {
            pendingKeys.insert(Self.lockText(AccumulatorKey(personNumber: v.personNumber, insuredArea: v.insuredArea, insuranceType: insutype,
                                                            medicalType: medType, diseaseCode: v.diseaseCode,
                                                            year: a.settlement.settledAt.date.year)))
        }
        try keep(.settlement, own: own, layout: .settlement, values: values,
                 detail: Self.detail(a.categories, a.settlement.lines, a.lines))
        settlementProvinces.insert(Self.province(v.insuredArea))
    }

    @discardableResult
    func record(_ a: AssessedReversal, dropID: String, institution: String, treatmentArea: String,
                period: ClearingPeriod) throws(YidiError) -> String? {
        guard let original = a.original else { return nil }
        let origin = try session.query("SELECT insu_prov, mdtrt_prov, insutype, med_type FROM settlement WHERE setl_id = $1",
                                       [.text(original.id)]).first
        let province = origin?.text(0) ?? ""
        let own: [SQLValue] = [.int(attemptID), .int(runID), .text(institution), .text(origin?.text(1) ?? Self.province(treatmentArea)),
                               .text(province), .text(origin?.text(2) ?? ""), .text(origin?.text(3) ?? "")]
        try keep(.reversal, own: own, layout: .reversal, values: RecordLayout.values(of: a, original: original, dropID: dropID, period: period),
                 detail: nil)
        // at once, as on SQLite: later reads in this transaction see the original reversed
        try session.query("UPDATE settlement SET reversed_by = $1 WHERE setl_id = $2", [.text(a.reversal.id), .text(original.id)])
        settlementProvinces.insert(province)
        return province
    }

    func record(_ a: AssessedClaim, dropID: String, institution: String, treatmentArea: String) throws(YidiError) {
        let v = a.claim.visit
        guard let share = a.share else { return }
        let own: [SQLValue] = [.int(attemptID), .int(runID), .text(Self.province(v.insuredArea)), .int(v.endDate.year)]
        let values = RecordLayout.values(of: a, share: share, dropID: dropID, institution: institution, treatmentArea: treatmentArea)
        try keep(.claim, own: own, layout: .claim, values: values, detail: Self.detail(a.categories, a.claim.lines, a.lines))
        claimProvinces.insert(Self.province(v.insuredArea))
    }

    /// Keeps a record for the next batch; writes the batch when it is full.
    private func keep(_ table: RecordTable, own: [SQLValue], layout: RecordLayout, values: RecordValues,
                      detail: (categories: String, lines: String)?) throws(YidiError) {
        precondition(values.count == layout.fields.count, "\(layout.element): \(values.count) values for \(layout.fields.count) fields")
        var row = own
        row.reserveCapacity(own.count + values.count)
        for (field, value) in zip(layout.fields, values) where field.isStored {
            switch value {
            case .text(let text): row.append(.text(text))
            case .amount(let amount): row.append(.int(Self.fen(amount)))
            case nil: row.append(.null)
            }
        }
        pending.append(PendingRecord(table: table, values: row, detail: detail))
        if pending.count >= Self.batchSize { try flush() }
    }

    /// Writes the kept records: their sequence numbers in document order in one round trip, then
    /// one multi-row insert per table and one for their details.
    private func flush() throws(YidiError) {
        guard !pending.isEmpty else { return }
        if !pendingKeys.isEmpty {
            // in one order, so that two drops locking the same keys wait rather than deadlock
            try session.query("SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k COLLATE \"C\"",
                              [.text(PostgresLedger.textArray(pendingKeys.sorted()))])
            pendingKeys.removeAll()
        }
        let seqs = try session.query("SELECT nextval('record_seq') FROM generate_series(1, $1)", [.int(pending.count)]).map { $0.int(0) }
        guard seqs.count == pending.count else {
            throw YidiError(.internalError, "ledger \(ledger.place): \(seqs.count) sequence numbers for \(pending.count) records")
        }
        for table in RecordTable.allCases {
            let rows = zip(seqs, pending).filter { $0.1.table == table }.map { [SQLValue.int($0.0)] + $0.1.values }
            try PostgresBatch.insert(into: table.name, columns: table.columns, rows: rows, session: session)
        }
        let details = zip(seqs, pending).compactMap { seq, record in
            record.detail.map { [SQLValue.int(seq), .text($0.categories), .text($0.lines)] }
        }
        try PostgresBatch.insert(into: "record_detail", columns: ["owner_seq", "categories", "lines"], rows: details, session: session)
        pending.removeAll(keepingCapacity: true)
    }

    private static func detail(_ categories: [(category: ExpenseCategory, amount: Amount)], _ lines: [FeeLine],
                               _ classified: [ClassifiedLine?]) -> (categories: String, lines: String) {
        var c: [UInt8] = [], l: [UInt8] = []
        RecordDetail.encode(categories: categories, into: &c)
        RecordDetail.encode(lines: lines, classified: classified, into: &l)
        return (String(decoding: c, as: UTF8.self), String(decoding: l, as: UTF8.self))
    }

    /// The text an accumulator key is locked under (the disease for `med_type` 14 only, as the key has it).
    static func lockText(_ key: AccumulatorKey) -> String {
        [key.personNumber, key.insuredArea, key.insuranceType.rawValue, key.medicalType.rawValue, String(key.year),
         key.diseaseCode ?? ""].joined(separator: "\u{1F}")
    }

    static func fen(_ a: Amount) -> Int64 { Int64(clamping: a.fen) }
    static func amount(_ fen: Int64) -> Amount { Amount(fen: Int128(fen)) }
    static func province(_ admdvs: String) -> String { ProvinceFileRecord.province(of: admdvs) }
}

/// Multi-row inserts with bound values, split to stay under PostgreSQL's 65 535 parameters.
enum PostgresBatch {
    static func insert(into table: String, columns: [String], rows: [[SQLValue]], session: PostgresSession,
                       onConflict: String = "") throws(YidiError) {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, 60_000 / columns.count)
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + perStatement)]
            var sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            var values: [SQLValue] = []
            values.reserveCapacity(chunk.count * columns.count)
            for (i, row) in chunk.enumerated() {
                precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns")
                let base = i * columns.count
                sql += (i == 0 ? "(" : ", (") + (1...columns.count).map { "$\(base + $0)" }.joined(separator: ", ") + ")"
                values += row
            }
            try session.query(sql + onConflict, values)
            start += chunk.count
        }
    }
}
