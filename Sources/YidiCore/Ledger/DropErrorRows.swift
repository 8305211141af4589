/// A drop error as both ledgers keep it in `attempt_error`: written and read once.
extension DropError {
    /// The columns of `attempt_error`, in the order of ``row(attemptID:seq:)``.
    static let columns = [
        "attempt_id", "seq", "code", "message", "message_zh", "line", "setl_id", "claim_id",
        "feedetl_sn", "field", "expected", "found", "caused_by_code", "caused_by_line"
    ]

    /// The error's row, `seq` its place in the acknowledgement (from 1).
    func row(attemptID: Int64, seq: Int) -> [SQLValue] {
        [
            .int(attemptID), .int(seq), .text(code.rawValue), .text(message.en), .text(message.zh), .int(line.map(Int64.init)),
            .text(setlID), .text(claimID), .text(feedetlSN), .text(field), .text(expected), .text(found),
            .text(causedBy?.code.rawValue), .int(causedBy.map { Int64($0.line) })
        ]
    }

    /// The error of a row; one written before the ledger kept Chinese reads English in both.
    init(row: SQLRow) {
        let en = row.text("message")
        self.init(
            DropErrorCode(rawValue: row.text("code")), Phrase(zh: row.optionalText("message_zh") ?? en, en: en),
            line: row.optionalInt("line").map(Int.init), setlID: row.optionalText("setl_id"),
            claimID: row.optionalText("claim_id"), feedetlSN: row.optionalText("feedetl_sn"),
            field: row.optionalText("field"), expected: row.optionalText("expected"), found: row.optionalText("found"))
        if let code = row.optionalText("caused_by_code"), let line = row.optionalInt("caused_by_line") {
            causedBy = Cause(code: DropErrorCode(rawValue: code), line: Int(line))
        }
    }
}

extension SharedStatements {
    /// The listed errors of an attempt, in the order of its acknowledgement.
    func errors(attemptID: Int64) throws(YidiError) -> [DropError] {
        try rows("SELECT * FROM attempt_error WHERE attempt_id = $1 ORDER BY seq", [.int(attemptID)]).map(DropError.init(row:))
    }
}
