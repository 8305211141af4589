/// What the ledger knows of a drop's earlier attempts when its own is about to be recorded,
/// read at once (a ledger across a network answers it in one round trip).
public struct DropHistory: Sendable {
    /// The accepted attempt whose file had the same bytes: the drop is then a duplicate.
    var duplicateOf: AttemptRecord?
    /// The attempts filed under the drop's key, in order.
    var attempts: [AttemptRecord]
    /// The accepted attempt of the `drop_id` the key names, if any.
    var accepted: AttemptRecord?

    /// The number the drop's attempt takes under its key.
    var nextAttempt: Int { (attempts.map(\.attempt).max() ?? 0) + 1 }

    /// The one read, for ``SharedStatements``' dialect: `$1` the drop key, `$2` the SHA-256.
    static let sql = """
        SELECT * FROM attempt WHERE drop_key = $1 OR (drop_id = $1 AND status = 'accepted')
                                    OR (sha256 = $2 AND status = 'accepted') ORDER BY attempt
        """

    /// The history in the rows of ``sql``.
    init(rows: [AttemptRecord], dropKey: String, sha256: String) {
        duplicateOf = rows.first { $0.sha256 == sha256 && $0.status == .accepted }
        attempts = rows.filter { $0.dropKey == dropKey }
        accepted = rows.first { $0.dropID == dropKey && $0.status == .accepted }
    }
}
