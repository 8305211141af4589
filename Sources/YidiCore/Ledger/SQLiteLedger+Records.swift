import GRDB

/// The reads behind `yidi explain` on the SQLite ledger.
extension SQLiteLedger {
    func storedRecord(id: String) throws(YidiError) -> StoredRecord? {
        try read { db in
            for (table, key, layout) in [("settlement", "setl_id", RecordLayout.settlement), ("claim", "claim_id", RecordLayout.claim)] {
                let reversedBy = table == "settlement" ? "reversed_by" : "NULL"
                guard
                    let meta = try Row.fetchOne(
                        db, sql: "SELECT seq, attempt_id, run_id, year, \(reversedBy) FROM \(table) WHERE \(key) = ?",
                        arguments: [id])
                else { continue }
                let seq: Int64 = meta[0]
                let row = try Row.fetchOne(db, sql: "SELECT seq, \(Self.selectList(layout)) FROM \(table) WHERE seq = ?", arguments: [seq])!
                return StoredRecord(
                    element: layout.element, seq: seq, attemptID: meta[1], runID: meta[2], year: meta[3],
                    reversedBy: meta[4], record: try detailed(db, row, element: layout.element))
            }
            return nil
        }
    }
}
