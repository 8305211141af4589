import GRDB

extension YidiError {
    /// A ledger failure as a command reports it: busy or locked by another process is temporary
    /// (75, run again); anything else (corrupt, not a database, read-only, disk full, a folder in
    /// its place) is an I/O error (74) with SQLite's message and, when known, the ledger's path.
    public static func ledger(_ error: any Error, path: String? = nil) -> YidiError {
        if let yidi = error as? YidiError { return yidi }
        let place = path.map { "ledger \($0)" } ?? "ledger"
        guard let db = error as? DatabaseError else { return YidiError(.io, "\(place): \(error)") }
        if db.resultCode == .SQLITE_BUSY || db.resultCode == .SQLITE_LOCKED {
            return YidiError(.tempFail, "the \(place) is locked by another process: \(db.message ?? "busy")")
        }
        return YidiError(.io, "\(place): SQLite error \(db.extendedResultCode.rawValue): \(db.message ?? "\(db.resultCode)")")
    }
}
