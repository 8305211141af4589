import GRDB

extension YidiError {
    /// A ledger failure as a command reports it: busy or locked by another process is temporary
    /// (75, run again); anything else is an I/O error (74).
    public static func ledger(_ error: any Error) -> YidiError {
        if let yidi = error as? YidiError { return yidi }
        if let db = error as? DatabaseError, db.resultCode == .SQLITE_BUSY || db.resultCode == .SQLITE_LOCKED {
            return YidiError(.tempFail, "the ledger is locked by another process: \(db.message ?? "busy")")
        }
        return YidiError.ledger(error)
    }
}
