/// What `yidi --version` prints and the metrics' build info carry: the product's version and
/// the ledger versions it migrates to (a ledger newer than these is refused).
public enum Version {
    /// Raised with each issue that changes what yidi reads or writes.
    public static let product = "0.40.0"
    /// The latest migration of each ledger.
    public static let sqliteLedger = 9
    public static let postgresLedger = 6

    public static var description: String {
        "yidi \(product) (ledger: SQLite v\(sqliteLedger), PostgreSQL v\(postgresLedger); "
            + "drops: fee-detail-1, manual-reimbursement-1, recon-feedback-1)"
    }
}
