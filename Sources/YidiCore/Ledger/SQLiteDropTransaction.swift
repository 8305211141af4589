import GRDB
import GRDBSQLite

/// One drop's transaction on the SQLite ledger. Reads exclude the drop being recorded, so
/// that they see earlier drops only.
final class SQLiteDropTransaction: DropTransaction {
    let db: Database
    var currentDropID: String?
    private var nextSeq: Int64

    init(db: Database) throws {
        self.db = db
        nextSeq = try Int64.fetchOne(db, sql: """
            SELECT MAX(s) FROM (SELECT MAX(seq) AS s FROM settlement UNION ALL SELECT MAX(seq) FROM reversal
                                UNION ALL SELECT MAX(seq) FROM claim)
            """) ?? 0
    }

    private var current: String { currentDropID ?? "" }

    // MARK: - PriorFacts

    var knowsEarlierDrops: Bool { true }

    func isAccepted(id: String) -> Bool {
        guard let statement = try? db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM settlement WHERE setl_id = ?1 AND drop_id <> ?2
                           UNION ALL SELECT 1 FROM reversal WHERE setl_id = ?1 AND drop_id <> ?2
                           UNION ALL SELECT 1 FROM claim WHERE claim_id = ?1 AND drop_id <> ?2)
            """) else { return false }
        return (try? Bool.fetchOne(statement, arguments: [id, current])) ?? false
    }

    func settlement(id: String) -> SettlementSummary? {
        guard let statement = try? db.cachedStatement(sql: """
            SELECT setl_id, fixmedins_code, medfee_sumamt, fund_pay_sumamt, acct_pay, reversed_by
            FROM settlement WHERE setl_id = ? AND drop_id <> ?
            """), let row = try? Row.fetchOne(statement, arguments: [id, current]) else { return nil }
        return SettlementSummary(id: row["setl_id"], institutionCode: row["fixmedins_code"],
                                 total: Self.amount(row["medfee_sumamt"]), allFunds: Self.amount(row["fund_pay_sumamt"]),
                                 accountPayment: Self.amount(row["acct_pay"]),
                                 isReversed: (row["reversed_by"] as String?) != nil)
    }

    func accumulated(_ key: AccumulatorKey) -> (deductible: Amount, fund: Amount) {
        let disease = key.medicalType == .chronicDisease ? "AND dise_codg = ?7" : ""
        let sql = """
            SELECT COALESCE(SUM(d), 0), COALESCE(SUM(f), 0) FROM (
              SELECT act_pay_dedc AS d, hifp_pay AS f FROM settlement
              WHERE psn_no = ?1 AND insu_admdvs = ?2 AND insutype = ?3 AND med_type = ?4 AND year = ?5
                AND reversed_by IS NULL AND drop_id <> ?6 \(disease)
              UNION ALL
              SELECT act_pay_dedc, hifp_pay FROM claim
              WHERE psn_no = ?1 AND insu_admdvs = ?2 AND insutype = ?3 AND med_type = ?4 AND year = ?5
                AND drop_id <> ?6 \(disease))
            """
        let args: StatementArguments = [key.personNumber, key.insuredArea, key.insuranceType.rawValue,
                                        key.medicalType.rawValue, key.year, current, key.diseaseCode ?? ""]
        guard let statement = try? db.cachedStatement(sql: sql), let row = try? Row.fetchOne(statement, arguments: args)
        else { return (.zero, .zero) }
        return (Self.amount(row[0]), Self.amount(row[1]))
    }

    // MARK: - Attempts

    func nextAttemptNumber(dropKey: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(attempt), 0) + 1 FROM attempt WHERE drop_key = ?",
                         arguments: [dropKey]) ?? 1
    }

    func attempts(dropKey: String) throws -> [AttemptRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM attempt WHERE drop_key = ? ORDER BY attempt", arguments: [dropKey])
            .map(SQLiteLedger.attempt)
    }

    func acceptedAttempt(dropID: String) throws -> AttemptRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM attempt WHERE drop_id = ? AND status = 'accepted'", arguments: [dropID])
            .map(SQLiteLedger.attempt)
    }

    func record(attempt a: AttemptRecord, errors: [DropError]) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO attempt (drop_key, drop_id, fixmedins_code, attempt, run_id, file_name, sha256, received_at, status,
                                 kind, record_cnt, line_cnt, medfee_sumamt, error_cnt, stored_path)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [a.dropKey, a.dropID, a.institutionCode, a.attempt, a.runID, a.fileName, a.sha256, a.receivedAt,
                             a.status.rawValue, a.kind?.rawValue, a.recordCount, a.lineCount, Self.fen(a.controlSum),
                             a.errorCount, a.storedPath])
        let id = db.lastInsertedRowID
        let insert = try db.cachedStatement(sql: """
            INSERT INTO attempt_error (attempt_id, seq, code, message, line, setl_id, claim_id, feedetl_sn, field, expected, found)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (seq, e) in errors.enumerated() {
            try insert.execute(arguments: [id, seq + 1, e.code.rawValue, e.message, e.line, e.setlID, e.claimID, e.feedetlSN,
                                           e.field, e.expected, e.found])
        }
        return id
    }

    func attachRecords(dropID: String, attemptID: Int64, runID: Int64) throws {
        for table in ["settlement", "reversal", "claim"] {
            try db.execute(sql: "UPDATE \(table) SET attempt_id = ?, run_id = ? WHERE drop_id = ? AND attempt_id IS NULL",
                           arguments: [attemptID, runID, dropID])
        }
        // one settlement file per insured province with a settlement or reversal in the run, one
        // reimbursement file per province with a claim: written from the ledger after the run
        try db.execute(sql: """
            INSERT OR IGNORE INTO outbox (run_id, kind, subject)
            SELECT DISTINCT ?1, 'settlement', insu_prov FROM settlement WHERE attempt_id = ?2
            UNION SELECT DISTINCT ?1, 'settlement', insu_prov FROM reversal WHERE attempt_id = ?2
            UNION SELECT DISTINCT ?1, 'reimbursement', insu_prov FROM claim WHERE attempt_id = ?2
            """, arguments: [runID, attemptID])
    }

    func addCounters(_ increments: [MetricIncrement]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO counter (name, labels, value) VALUES (?, ?, ?)
            ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value
            """)
        for i in increments { try statement.execute(arguments: [i.name, i.labels, i.value]) }
    }

    func updateStoredPath(attemptID: Int64, path: String) throws {
        try db.execute(sql: "UPDATE attempt SET stored_path = ? WHERE id = ?", arguments: [path, attemptID])
    }

    func enqueue(kind: OutboxEntry.Kind, runID: Int64, subject: String, source: String?, target: String?) throws {
        try db.execute(sql: "INSERT INTO outbox (run_id, kind, subject, source, target) VALUES (?, ?, ?, ?, ?)",
                       arguments: [runID, kind.rawValue, subject, source, target])
    }

    func discardRecords() throws {
        try db.execute(sql: "ROLLBACK TO drop_records")
    }

    // MARK: - Records

    func record(_ a: AssessedSettlement, dropID: String, institution: String, treatmentArea: String,
                period: ClearingPeriod) throws {
        let s = a.settlement, m = s.amounts, v = s.visit
        nextSeq += 1
        try db.cachedStatement(sql: """
            INSERT INTO settlement (setl_id, seq, drop_id, fixmedins_code, mdtrt_admdvs, mdtrt_prov, psn_no, psn_name, certno,
              insu_admdvs, insu_prov, insutype, med_type, dise_codg, filing_type, begndate, enddate, setl_time, year, period,
              medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt, act_pay_dedc, hifp_pay,
              fund_pay_sumamt, psn_part_amt, acct_pay, psn_cash_pay, cum_dedc_before, cum_fund_before, clr_amt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: StatementArguments([
                s.id, nextSeq, dropID, institution, treatmentArea, Self.province(treatmentArea), v.personNumber, v.personName,
                v.certificateNumber, v.insuredArea, Self.province(v.insuredArea), v.insuranceType?.rawValue ?? "",
                v.medicalType?.rawValue ?? "", v.diseaseCode, v.filingType?.rawValue ?? "", v.beginDate.description,
                v.endDate.description, s.settledAt.description, s.settledAt.date.year, period.description,
                Self.fen(m.total), Self.fen(m.fullySelfPaid), Self.fen(m.overCap), Self.fen(m.firstSelfPaid),
                Self.fen(m.inScope), Self.fen(m.deductiblePaid), Self.fen(m.fundPayment), Self.fen(m.allFunds),
                Self.fen(m.personalPart), Self.fen(m.accountPayment), Self.fen(m.cashPayment), Self.fen(m.deductibleBefore),
                Self.fen(m.fundBefore), Self.fen(m.clearingAmount),
            ] as [(any DatabaseValueConvertible)?]))
        try recordDetail(owner: nextSeq, categories: a.categories, lines: s.lines, classified: a.lines)
    }

    @discardableResult
    func record(_ a: AssessedReversal, dropID: String, institution: String, treatmentArea: String,
                period: ClearingPeriod) throws -> String? {
        let r = a.reversal
        guard let original = a.original else { return nil }
        let origin = try Row.fetchOne(db, sql: "SELECT insu_prov, mdtrt_prov, insutype, med_type FROM settlement WHERE setl_id = ?",
                                      arguments: [original.id])
        nextSeq += 1
        try db.execute(sql: """
            INSERT INTO reversal (setl_id, seq, orig_setl_id, drop_id, fixmedins_code, mdtrt_prov, insu_prov, insutype, med_type,
              revs_time, period, medfee_sumamt, fund_pay_sumamt, acct_pay, clr_amt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: StatementArguments([
                r.id, nextSeq, original.id, dropID, institution, origin?["mdtrt_prov"] ?? Self.province(treatmentArea),
                origin?["insu_prov"] ?? "", origin?["insutype"] ?? "", origin?["med_type"] ?? "", r.reversedAt.description,
                period.description, Self.fen(original.total), Self.fen(original.allFunds), Self.fen(original.accountPayment),
                Self.fen(original.clearingAmount),
            ] as [(any DatabaseValueConvertible)?]))
        try db.execute(sql: "UPDATE settlement SET reversed_by = ? WHERE setl_id = ?", arguments: [r.id, original.id])
        return origin?["insu_prov"] ?? ""
    }

    func record(_ a: AssessedClaim, dropID: String, institution: String, treatmentArea: String) throws {
        let c = a.claim, v = c.visit
        guard let share = a.share else { return }
        nextSeq += 1
        try db.cachedStatement(sql: """
            INSERT INTO claim (claim_id, seq, drop_id, fixmedins_code, mdtrt_admdvs, psn_no, psn_name, certno, insu_admdvs,
              insu_prov, insutype, med_type, dise_codg, diag_name, filing_type, fail_reason, begndate, enddate, year,
              medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt, cum_dedc_before,
              cum_fund_before, act_pay_dedc, hifp_pay, psn_part_amt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: StatementArguments([
                c.id, nextSeq, dropID, institution, treatmentArea, v.personNumber, v.personName, v.certificateNumber,
                v.insuredArea, Self.province(v.insuredArea), v.insuranceType?.rawValue ?? "", v.medicalType?.rawValue ?? "",
                v.diseaseCode, c.diagnosisName, v.filingType?.rawValue ?? "", c.failReason?.rawValue ?? "",
                v.beginDate.description, v.endDate.description, v.endDate.year, Self.fen(c.total),
                Self.fen(a.parts.fullySelfPaid), Self.fen(a.parts.overCap), Self.fen(a.parts.firstSelfPaid),
                Self.fen(a.parts.inScope), Self.fen(a.deductibleBefore), Self.fen(a.fundBefore),
                Self.fen(share.deductiblePaid), Self.fen(share.fundPayment), Self.fen(share.personalPart),
            ] as [(any DatabaseValueConvertible)?]))
        try recordDetail(owner: nextSeq, categories: a.categories, lines: c.lines, classified: a.lines)
    }

    private func recordDetail(owner: Int64, categories: [(category: ExpenseCategory, amount: Amount)], lines: [FeeLine],
                              classified: [ClassifiedLine?]) throws {
        let category = try db.cachedStatement(sql: "INSERT INTO category_total (owner_seq, med_chrgitm_type, amt) VALUES (?, ?, ?)")
        for c in categories { try category.execute(arguments: [owner, c.category.rawValue, Self.fen(c.amount)]) }
        let fee = try db.cachedStatement(sql: """
            INSERT INTO fee_line (owner_seq, seq, feedetl_sn, fee_ocur_time, medins_list_codg, med_list_codg, med_chrgitm_type,
              chrgitm_lv, cnt, pric, det_item_fee_sumamt, fulamt_ownpay_amt, overlmt_amt, preselfpay_amt, inscp_scp_amt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // The hot insert (millions of lines a night) binds straight through SQLite's C API:
        // GRDB's argument boxing cost more than SQLite's own work here.
        let h = fee.sqliteStatement
        for (i, line) in lines.enumerated() {
            guard i < classified.count, let c = classified[i] else { continue }
            sqlite3_reset(h)
            sqlite3_bind_int64(h, 1, owner)
            sqlite3_bind_int64(h, 2, Int64(i + 1))
            Self.bind(h, 3, line.serialNumber)
            Self.bind(h, 4, line.occurredAt.description)
            Self.bind(h, 5, line.hospitalItemCode)
            Self.bind(h, 6, c.nationalCode)
            Self.bind(h, 7, c.category.rawValue)
            Self.bind(h, 8, c.itemClass.rawValue)
            Self.bind(h, 9, line.quantityText)
            Self.bind(h, 10, line.unitPriceText)
            sqlite3_bind_int64(h, 11, Self.fen(line.amount))
            sqlite3_bind_int64(h, 12, Self.fen(c.parts.fullySelfPaid))
            sqlite3_bind_int64(h, 13, Self.fen(c.parts.overCap))
            sqlite3_bind_int64(h, 14, Self.fen(c.parts.firstSelfPaid))
            sqlite3_bind_int64(h, 15, Self.fen(c.parts.inScope))
            let code = sqlite3_step(h)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        sqlite3_reset(h)
        sqlite3_clear_bindings(h)
    }

    /// Binds a Swift string as text (SQLite copies it).
    private static func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                                  Int32(bytes.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    static func fen(_ a: Amount) -> Int64 { Int64(clamping: a.fen) }
    static func amount(_ fen: Int64) -> Amount { Amount(fen: Int128(fen)) }
    static func province(_ admdvs: String) -> String { ProvinceFileRecord.province(of: admdvs) }
}
