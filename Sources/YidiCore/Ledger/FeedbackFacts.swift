import GRDB

/// Where a month's reconciliation stands for a feedback drop about it (F001).
public enum FeedbackWindow: Sendable, Equatable {
    /// Issued and not yet cleared: feedback is taken.
    case open
    /// No reconciliation was issued for the month.
    case notIssued
    /// The month is closed.
    case closed
}

/// What a feedback drop's entry is checked against: a candidate of the month's reconciliation.
public struct CandidateFacts: Sendable, Equatable {
    public var insuredProvince: String
    public var treatmentProvince: String
    public var isReversal: Bool
    /// `clr_amt` (negative for a reversal).
    public var clearing: Amount

    /// The province holding `role`.
    func province(_ role: ReconRole) -> String { role == .treatment ? treatmentProvince : insuredProvince }
}

/// A drop transaction's reads through one query text for both ledgers (``SharedStatements``'s
/// rules), inside the drop's own transaction.
protocol TransactionRows {
    func rows(_ sql: String, _ values: [SQLValue]) throws(YidiError) -> [SQLRow]
}

extension SQLiteDropTransaction: TransactionRows {
    func rows(_ sql: String, _ values: [SQLValue]) throws(YidiError) -> [SQLRow] {
        try PlaceholderOrder.check(sql)
        return try mapped { db in
            try Row.fetchAll(db, sql: sql, arguments: SQLiteLedger.arguments(values)).map { row in
                SQLRow(names: Array(row.columnNames), values: row.databaseValues.map(SQLValue.init))
            }
        }
    }
}

extension PostgresDropTransaction: TransactionRows {
    func rows(_ sql: String, _ values: [SQLValue]) throws(YidiError) -> [SQLRow] {
        try session.query(sql, values)
    }
}

/// The feedback drop's questions and its one write, written once for both ledgers.
extension TransactionRows {
    func feedbackWindow(_ period: ClearingPeriod) throws(YidiError) -> FeedbackWindow {
        let row = try rows(
            "SELECT (SELECT COUNT(*) FROM reconciliation WHERE period = $1), (SELECT MAX(period) FROM period)",
            [.text(period.description)])[0]
        if let latest = row.optionalText(1).flatMap(ClearingPeriod.init), period <= latest { return .closed }
        return row.int(0) > 0 ? .open : .notIssued
    }

    func reconCandidate(_ setlID: String, period: ClearingPeriod) throws(YidiError) -> CandidateFacts? {
        guard
            let row = try rows(
                """
                SELECT COALESCE(s.insu_prov, r.insu_prov), COALESCE(s.mdtrt_prov, r.mdtrt_prov), r.setl_id, COALESCE(s.clr_amt, -r.clr_amt)
                FROM recon_candidate c LEFT JOIN settlement s ON s.setl_id = c.setl_id LEFT JOIN reversal r ON r.setl_id = c.setl_id
                WHERE c.period = $1 AND c.setl_id = $2
                """, [.text(period.description), .text(setlID)]
            ).first
        else { return nil }
        guard let insured = row.optionalText(0), let treatment = row.optionalText(1) else {
            throw YidiError(.internalError, "candidate \(setlID) of \(period) is neither a settlement nor a reversal in the ledger")
        }
        return CandidateFacts(
            insuredProvince: insured, treatmentProvince: treatment, isReversal: row.optionalText(2) != nil,
            clearing: Amount(fen: Int128(row.int(3))))
    }

    /// The insert of one accepted feedback line (`seq` numbers it in insert order).
    static var feedbackInsert: String {
        """
        INSERT INTO recon_feedback (attempt_id, drop_id, prov_admdvs, period, line, setl_id, role, cnfm_flag, reason, dedc_amt, dedc_reason)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """
    }

    static func feedbackValues(_ line: AcceptedFeedback, attemptID: Int64) -> [SQLValue] {
        let e = line.entry
        return [
            .int(attemptID), .text(line.dropID), .text(line.province), .text(line.period.description), .int(e.line),
            .text(e.setlID), .text(line.role.rawValue), .int(e.confirmed ? 1 : 0), .text(e.reason),
            .int(e.deduction.map { Int64($0.fen) }), .text(e.deductionReason)
        ]
    }
}

/// A feedback line the assessment accepted, with its drop's header facts.
public struct AcceptedFeedback: Sendable {
    var entry: FeedbackEntry
    var role: ReconRole
    var dropID: String
    /// The sending province.
    var province: String
    var period: ClearingPeriod
}
