import GRDB
import GRDBSQLite

/// One drop's transaction on the SQLite ledger, begun by ``SQLiteLedger/beginDrop(runID:dropID:claim:identityChecks:)`` and
/// ended by ``commit()`` or ``rollback()``. Reads leave out the records of the drop's `drop_id`
/// (its own, and those of an accepted attempt it re-sends: D008 is the root cause then, not a
/// B002 per record), so that they see earlier drops only.
///
/// Each call is one access to the ledger's connection (the ledger allows a transaction to stay
/// open between accesses, and nothing else writes while a drop is open: the workspace lock).
final class SQLiteDropTransaction: DropTransaction {
    private let queue: DatabaseQueue
    /// The attempt's row, inserted as a placeholder when the transaction begins so that every
    /// record points at it as it is inserted (no pass over the drop's rows at the end).
    let attemptID: Int64
    /// The header's `drop_id` ("" when it could not be read).
    let dropID: String
    /// Whether the drop is a savepoint in a group's transaction rather than a transaction.
    private let inGroup: Bool
    let runID: Int64
    /// The ledger file, named in every error.
    let path: String
    private var nextSeq: Int64
    /// The insured provinces of the records written: whose settlement and reimbursement files
    /// the run owes.
    private var settlementProvinces: Set<String> = []
    private var claimProvinces: Set<String> = []
    private var attemptRecorded = false
    /// Reused buffers of ``RecordDetail`` text.
    private var categoryText: [UInt8] = []
    private var lineText: [UInt8] = []

    /// Begins the transaction (`BEGIN IMMEDIATE`: the write lock is taken now, not at the first
    /// write; in a group, a savepoint), reserves the attempt's row and marks where the drop's
    /// records begin.
    init(queue: DatabaseQueue, runID: Int64, dropID: String?, inGroup: Bool, path: String) throws(YidiError) {
        self.queue = queue
        self.dropID = dropID ?? ""
        self.inGroup = inGroup
        self.path = path
        self.runID = runID
        (attemptID, nextSeq) = try SQLiteLedger.access(queue, path: path) { db in
            try db.execute(sql: inGroup ? "SAVEPOINT one_drop" : "BEGIN IMMEDIATE")
            do {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO attempt (drop_key, attempt, run_id, file_name, sha256, received_at, status, record_cnt, line_cnt,
                                             medfee_sumamt, error_cnt, stored_path)
                        VALUES ('_pending', 0, ?, '', '', '', 'rejected', 0, 0, 0, 0, '')
                        """
                ).execute(arguments: [runID])
                let id = db.lastInsertedRowID
                let seq =
                    try Int64.fetchOne(
                        db.cachedStatement(
                            sql: """
                                SELECT MAX(s) FROM (SELECT MAX(seq) AS s FROM settlement UNION ALL SELECT MAX(seq) FROM reversal
                                                    UNION ALL SELECT MAX(seq) FROM claim)
                                """)) ?? 0
                try db.execute(sql: "SAVEPOINT drop_records")
                return (id, seq)
            } catch {
                try Self.undo(db, inGroup: inGroup)
                throw error
            }
        }
        categoryText.reserveCapacity(1024)
        lineText.reserveCapacity(64 * 1024)
    }

    /// Commits the drop: its attempt, records, counters and outbox entries, with one fsync (in
    /// a group: kept for the group's commit).
    func commit() throws(YidiError) {
        try mapped { db in
            try db.execute(sql: "RELEASE drop_records")
            if !attemptRecorded { try db.cachedStatement(sql: "DELETE FROM attempt WHERE id = ?").execute(arguments: [attemptID]) }
            try db.execute(sql: inGroup ? "RELEASE one_drop" : "COMMIT")
        }
    }

    /// Undoes everything the transaction wrote.
    func rollback() throws(YidiError) {
        try mapped { db in try Self.undo(db, inGroup: inGroup) }
    }

    /// Rolls the drop back. A transaction SQLite already rolled back (a full disk) has nothing
    /// left to undo; in a group, the group's commit then reports it.
    private static func undo(_ db: Database, inGroup: Bool) throws {
        guard db.isInsideTransaction else { return }
        if inGroup {
            try db.execute(sql: "ROLLBACK TO one_drop")
            try db.execute(sql: "RELEASE one_drop")
        } else {
            try db.execute(sql: "ROLLBACK")
        }
    }

    /// Runs a read or write of the drop's transaction; every failure becomes a ``YidiError``
    /// naming the ledger (74, or 75 when another process holds it).
    func mapped<T>(_ body: (Database) throws -> T) throws(YidiError) -> T {
        try SQLiteLedger.access(queue, path: path, body)
    }

    // MARK: - PriorFacts

    var knowsEarlierDrops: Bool { true }

    func isAccepted(id: String) throws(YidiError) -> Bool {
        try mapped { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT EXISTS (SELECT 1 FROM settlement WHERE setl_id = ?1 AND drop_id <> ?2
                                   UNION ALL SELECT 1 FROM reversal WHERE setl_id = ?1 AND drop_id <> ?2
                                   UNION ALL SELECT 1 FROM claim WHERE claim_id = ?1 AND drop_id <> ?2)
                    """)
            return try Bool.fetchOne(statement, arguments: [id, dropID]) ?? false
        }
    }

    func settlement(id: String) throws(YidiError) -> SettlementSummary? {
        let row: Row? = try mapped { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT setl_id, fixmedins_code, medfee_sumamt, fund_pay_sumamt, acct_pay, reversed_by, setl_time
                        FROM settlement WHERE setl_id = ? AND drop_id <> ?
                        """), arguments: [id, dropID])
        }
        guard let row else { return nil }
        return try SettlementSummary(
            stored: row["setl_id"], institutionCode: row["fixmedins_code"], total: row["medfee_sumamt"],
            allFunds: row["fund_pay_sumamt"], account: row["acct_pay"],
            isReversed: (row["reversed_by"] as String?) != nil, settledAt: row["setl_time"])
    }

    /// rules.md: the deductible and fund of the person's accepted settlements (not reversed)
    /// and claims in earlier drops under the same key; the disease is part of the key for
    /// `med_type` 14 only.
    func accumulated(_ key: AccumulatorKey) throws(YidiError) -> (deductible: Amount, fund: Amount) {
        try mapped { db in
            var args: StatementArguments = [
                key.personNumber, key.insuredArea, key.insuranceType.rawValue,
                key.medicalType.rawValue, key.year, dropID
            ]
            var disease = ""
            if key.medicalType == .chronicDisease {
                disease = "AND dise_codg = ?7"
                args += [key.diseaseCode ?? ""]
            }
            let statement = try db.cachedStatement(
                sql: """
                    SELECT COALESCE(SUM(d), 0), COALESCE(SUM(f), 0) FROM (
                      SELECT act_pay_dedc AS d, hifp_pay AS f FROM settlement
                      WHERE psn_no = ?1 AND insu_admdvs = ?2 AND insutype = ?3 AND med_type = ?4 AND year = ?5
                        AND reversed_by IS NULL AND drop_id <> ?6 \(disease)
                      UNION ALL
                      SELECT act_pay_dedc, hifp_pay FROM claim
                      WHERE psn_no = ?1 AND insu_admdvs = ?2 AND insutype = ?3 AND med_type = ?4 AND year = ?5
                        AND drop_id <> ?6 \(disease))
                    """)
            guard let row = try Row.fetchOne(statement, arguments: args) else { return (.zero, .zero) }
            return (Self.amount(row[0]), Self.amount(row[1]))
        }
    }

    // MARK: - Attempts

    func nextAttemptNumber(dropKey: String) throws(YidiError) -> Int {
        try mapped { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COALESCE(MAX(attempt), 0) + 1 FROM attempt WHERE drop_key = ?"),
                arguments: [dropKey]) ?? 1
        }
    }

    func acceptedAttempt(dropID: String) throws(YidiError) -> AttemptRecord? {
        try mapped { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM attempt WHERE drop_id = ? AND status = 'accepted'"), arguments: [dropID]
            )
            .map(SQLiteLedger.attempt)
        }
    }

    func history(dropKey: String, sha256: String) throws(YidiError) -> DropHistory {
        let rows = try mapped { db in
            try Row.fetchAll(db.cachedStatement(sql: DropHistory.sql), arguments: [dropKey, sha256]).map(SQLRow.init)
        }
        return DropHistory(rows: try rows.map(AttemptRecord.init(row:)), dropKey: dropKey, sha256: sha256)
    }

    func record(attempt a: AttemptRecord, errors: [DropError]) throws(YidiError) -> Int64 {
        try mapped { db in
            try db.cachedStatement(
                sql: """
                    UPDATE attempt SET drop_key = ?, drop_id = ?, fixmedins_code = ?, attempt = ?, run_id = ?, file_name = ?, sha256 = ?,
                                       received_at = ?, status = ?, kind = ?, record_cnt = ?, line_cnt = ?, medfee_sumamt = ?,
                                       error_cnt = ?, stored_path = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [
                a.dropKey, a.dropID, a.institutionCode, a.attempt, a.runID, a.fileName, a.sha256, a.receivedAt,
                a.status.rawValue, a.kind?.rawValue, a.recordCount, a.lineCount, Self.fen(a.controlSum),
                a.errorCount, a.storedPath, attemptID
            ])
            let id = attemptID
            attemptRecorded = true
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO attempt_error (\(DropError.columns.joined(separator: ", ")))
                    VALUES (\(Array(repeating: "?", count: DropError.columns.count).joined(separator: ", ")))
                    """)
            for (seq, e) in errors.enumerated() {
                try insert.execute(arguments: SQLiteLedger.arguments(e.row(attemptID: id, seq: seq + 1)))
            }
            return id
        }
    }

    func enqueueProvinceFiles() throws(YidiError) {
        try mapped { db in
            // one settlement file per insured province with a settlement or reversal in the run, one
            // reimbursement file per province with a claim: written after the drops
            let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO outbox (run_id, kind, subject) VALUES (?, ?, ?)")
            for province in settlementProvinces.sorted() { try statement.execute(arguments: [runID, "settlement", province]) }
            for province in claimProvinces.sorted() { try statement.execute(arguments: [runID, "reimbursement", province]) }
        }
    }

    func addCounters(_ increments: [MetricIncrement]) throws(YidiError) {
        try mapped { db in
            try SQLiteLedger.add(increments, in: db)
        }
    }

    func updateStoredPath(attemptID: Int64, path: String) throws(YidiError) {
        try mapped { db in
            try db.cachedStatement(sql: "UPDATE attempt SET stored_path = ? WHERE id = ?").execute(arguments: [path, attemptID])
        }
    }

    func enqueue(_ task: OutboxEntry.Task, runID: Int64) throws(YidiError) {
        try mapped { db in
            let row = task.columns
            try db.cachedStatement(sql: "INSERT INTO outbox (run_id, kind, subject, source, target) VALUES (?, ?, ?, ?, ?)").execute(
                arguments: [runID, task.kind.rawValue, row.subject, row.source, row.target])
        }
    }

    func discardRecords() throws(YidiError) {
        try mapped { db in
            try db.execute(sql: "ROLLBACK TO drop_records")
            settlementProvinces.removeAll()
            claimProvinces.removeAll()
        }
    }

    // MARK: - Records

    func record(
        _ a: AssessedSettlement, dropID: String, institution: String, treatmentArea: String,
        period: ClearingPeriod
    ) throws(YidiError) {
        try mapped { db in
            let v = a.settlement.visit
            nextSeq += 1
            let values = RecordLayout.values(
                of: a, dropID: dropID, institution: institution, treatmentArea: treatmentArea,
                period: period)
            try insert(db, Self.settlementInsert, layout: .settlement, values: values) { binder in
                binder.int(nextSeq)
                binder.int(attemptID)
                binder.int(runID)
                binder.text(Self.province(treatmentArea))
                binder.text(Self.province(v.insuredArea))
                binder.int(Int64(a.settlement.settledAt.date.year))
            }
            settlementProvinces.insert(Self.province(v.insuredArea))
            try recordDetail(db, owner: nextSeq, categories: a.categories, lines: a.settlement.lines, classified: a.lines)
        }
    }

    @discardableResult
    func record(
        _ a: AssessedReversal, dropID: String, institution: String, treatmentArea: String,
        period: ClearingPeriod
    ) throws(YidiError) -> String? {
        try mapped { db in
            guard let original = a.original else { return nil }
            // the assessment found the original, so its row must be here: anything else is a bug
            guard let origin = try Row.fetchOne(db.cachedStatement(sql: ReversalOrigin.query(key: "?")), arguments: [original.id]) else {
                throw ReversalOrigin.missing(original.id, reversal: a.reversal.id)
            }
            nextSeq += 1
            let province: String = origin["insu_prov"]
            let values = RecordLayout.values(of: a, original: original, dropID: dropID, period: period)
            try insert(db, Self.reversalInsert, layout: .reversal, values: values) { binder in
                binder.int(nextSeq)
                binder.int(attemptID)
                binder.int(runID)
                binder.text(institution)
                binder.text(origin["mdtrt_prov"] as String)
                binder.text(province)
                binder.text(origin["insutype"] as String)
                binder.text(origin["med_type"] as String)
            }
            try db.cachedStatement(sql: "UPDATE settlement SET reversed_by = ? WHERE setl_id = ? AND reversed_by IS NULL")
                .execute(arguments: [a.reversal.id, original.id])
            guard db.changesCount == 1 else { throw ReversalOrigin.missing(original.id, reversal: a.reversal.id) }
            settlementProvinces.insert(province)
            return province
        }
    }

    func record(_ feedback: AcceptedFeedback) throws(YidiError) {
        try PlaceholderOrder.check(Self.feedbackInsert)
        try mapped { db in
            try db.execute(sql: Self.feedbackInsert, arguments: SQLiteLedger.arguments(Self.feedbackValues(feedback, attemptID: attemptID)))
        }
    }

    func record(_ a: AssessedClaim, dropID: String, institution: String, treatmentArea: String) throws(YidiError) {
        try mapped { db in
            let v = a.claim.visit
            guard let share = a.share else { return }
            nextSeq += 1
            let values = RecordLayout.values(
                of: a, share: share, dropID: dropID, institution: institution,
                treatmentArea: treatmentArea)
            try insert(db, Self.claimInsert, layout: .claim, values: values) { binder in
                binder.int(nextSeq)
                binder.int(attemptID)
                binder.int(runID)
                binder.text(Self.province(v.insuredArea))
                binder.int(Int64(v.endDate.year))
            }
            try recordDetail(db, owner: nextSeq, categories: a.categories, lines: a.claim.lines, classified: a.lines)
            claimProvinces.insert(Self.province(v.insuredArea))
        }
    }

    /// The inserts of the three records: the ledger's own columns (where the record sits: its
    /// sequence, attempt, run; what the clearing groups by), then the layout's stored fields.
    private static let settlementInsert = insertSQL(
        "settlement", own: ["seq", "attempt_id", "run_id", "mdtrt_prov", "insu_prov", "year"],
        layout: .settlement)
    private static let reversalInsert = insertSQL(
        "reversal",
        own: [
            "seq", "attempt_id", "run_id", "fixmedins_code", "mdtrt_prov",
            "insu_prov", "insutype", "med_type"
        ], layout: .reversal)
    private static let claimInsert = insertSQL("claim", own: ["seq", "attempt_id", "run_id", "insu_prov", "year"], layout: .claim)

    private static func insertSQL(_ table: String, own: [String], layout: RecordLayout) -> String {
        let columns = own + layout.storedNames
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }

    /// Inserts a record, bound straight through SQLite's C API (GRDB's boxing of 34 values per
    /// settlement cost more than SQLite's insert): `own` binds the ledger's columns, then the
    /// layout's stored fields follow in order.
    private func insert(_ db: Database, _ sql: String, layout: RecordLayout, values: RecordValues, own: (inout SQLiteBinder) -> Void) throws
    {
        precondition(values.count == layout.fields.count, "\(layout.element): \(values.count) values for \(layout.fields.count) fields")
        var binder = SQLiteBinder(statement: try db.cachedStatement(sql: sql).sqliteStatement)
        own(&binder)
        for (field, value) in zip(layout.fields, values) where field.isStored {
            switch value {
            case .text(let text): binder.text(text)
            case .amount(let amount): binder.int(Self.fen(amount))
            case nil: binder.text(nil)
            }
        }
        try binder.step(db)
    }

    /// The record's category totals and lines as one `record_detail` row, bound straight through
    /// SQLite's C API from reused buffers (millions of lines a night).
    private func recordDetail(
        _ db: Database, owner: Int64, categories: [(category: ExpenseCategory, amount: Amount)], lines: [FeeLine],
        classified: [ClassifiedLine?]
    ) throws {
        RecordDetail.encode(categories: categories, into: &categoryText)
        RecordDetail.encode(lines: lines, classified: classified, into: &lineText)
        var binder = SQLiteBinder(
            statement: try db.cachedStatement(
                sql: "INSERT INTO record_detail (owner_seq, categories, lines) VALUES (?, ?, ?)"
            ).sqliteStatement)
        binder.int(owner)
        try categoryText.withUnsafeBufferPointer { c in
            try lineText.withUnsafeBufferPointer { l in
                binder.bytes(c)
                binder.bytes(l)
                try binder.step(db)  // the buffers outlive the step
            }
        }
    }

    static func fen(_ a: Amount) -> Int64 { Int64(clamping: a.fen) }
    static func amount(_ fen: Int64) -> Amount { Amount(fen: Int128(fen)) }
    static func province(_ admdvs: String) -> String { ProvinceFileRecord.province(of: admdvs) }
}
