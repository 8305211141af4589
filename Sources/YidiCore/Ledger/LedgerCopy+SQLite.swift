import GRDB

/// The SQLite ledger as ``LedgerCopy`` reads and fills it.
struct SQLiteTables: LedgerTables {
    let ledger: SQLiteLedger

    func reading<T>(_ body: (any TableReader) throws(YidiError) -> T) throws(YidiError) -> T {
        try ledger.read { db in try body(Access(db: db)) }
    }

    func writing<T>(_ body: (any TableWriter) throws(YidiError) -> T) throws(YidiError) -> T {
        try ledger.write { db in
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")  // checked at commit
            return try body(Access(db: db))
        }
    }

    /// The connection inside the transaction; every failure names the ledger file.
    private struct Access: TableWriter {
        let db: Database

        private func mapped<T>(_ body: () throws -> T) throws(YidiError) -> T {
            do { return try body() } catch { throw YidiError.ledger(error) }
        }

        func tableNames() throws(YidiError) -> [String] {
            try mapped { try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") }
        }

        func columns(_ table: String) throws(YidiError) -> [String] {
            try mapped { try db.columns(in: table).map(\.name) }
        }

        func count(_ table: String) throws(YidiError) -> Int {
            try mapped { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0 }
        }

        func forEachRow(
            _ table: String, columns: [String], key: [(column: String, isText: Bool)],
            _ body: ([SQLValue]) throws(YidiError) -> Void
        ) throws(YidiError) {
            let list = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
            let order = key.map(\.column.quotedDatabaseIdentifier).joined(separator: ", ")  // SQLite compares text by byte
            try mapped {
                let rows = try Row.fetchCursor(db, sql: "SELECT \(list) FROM \(table.quotedDatabaseIdentifier) ORDER BY \(order)")
                while let row = try rows.next() {
                    try body(row.databaseValues.map(SQLValue.init))
                }
            }
        }

        func insert(_ table: String, columns: [String], rows: [[SQLValue]]) throws(YidiError) {
            guard !rows.isEmpty else { return }
            try mapped {
                let statement = try db.cachedStatement(
                    sql: "INSERT INTO \(table.quotedDatabaseIdentifier) "
                        + "(\(columns.map(\.quotedDatabaseIdentifier).joined(separator: ", "))) VALUES "
                        + "(\(columns.map { _ in "?" }.joined(separator: ", ")))")
                for row in rows {
                    try statement.execute(arguments: SQLiteLedger.arguments(row))
                }
            }
        }

        /// Nothing to set: AUTOINCREMENT follows the ids inserted, record numbers follow `MAX(seq)`.
        func finishCopy() throws(YidiError) {}
    }
}
