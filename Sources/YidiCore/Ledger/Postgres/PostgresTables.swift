/// The PostgreSQL ledger as ``LedgerCopy`` reads and fills it.
struct PostgresTables: LedgerTables {
    let ledger: PostgresLedger
    private var session: PostgresSession { ledger.session }

    func reading<T>(_ body: (any TableReader) throws(YidiError) -> T) throws(YidiError) -> T {
        // one snapshot for the copy and its check
        try ledger.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { () throws(YidiError) in
            try body(Access(session: session))
        }
    }

    func writing<T>(_ body: (any TableWriter) throws(YidiError) -> T) throws(YidiError) -> T {
        try ledger.transaction { () throws(YidiError) in
            try session.execute("SET CONSTRAINTS ALL DEFERRED")  // checked at commit
            return try body(Access(session: session))
        }
    }

    private struct Access: TableWriter {
        let session: PostgresSession

        func tableNames() throws(YidiError) -> [String] {
            try session.query(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() "
                    + "AND table_type = 'BASE TABLE'"
            ).map { $0.text(0) }
        }

        func columns(_ table: String) throws(YidiError) -> [String] {
            try session.query(
                "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() "
                    + "AND table_name = $1 ORDER BY ordinal_position", [.text(table)]
            ).map { $0.text(0) }
        }

        func count(_ table: String) throws(YidiError) -> Int {
            Int(try session.query("SELECT COUNT(*) FROM \"\(table.replacingAll("\"", with: "\"\""))\"")[0].int(0))
        }

        /// Through a cursor, a page at a time: never a whole table in memory.
        func forEachRow(
            _ table: String, columns: [String], key: [(column: String, isText: Bool)],
            _ body: ([SQLValue]) throws(YidiError) -> Void
        ) throws(YidiError) {
            let order = key.map { $0.isText ? "\($0.column) COLLATE \"C\"" : $0.column }.joined(separator: ", ")
            try session.execute(
                "DECLARE copy_rows NO SCROLL CURSOR FOR SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY \(order)")
            while true {
                let rows = try session.query("FETCH \(LedgerCopy.batch) FROM copy_rows")
                for row in rows { try body(row.values) }
                if rows.count < LedgerCopy.batch { break }
            }
            try session.execute("CLOSE copy_rows")
        }

        func insert(_ table: String, columns: [String], rows: [[SQLValue]]) throws(YidiError) {
            try PostgresBatch.insert(into: table, columns: columns, rows: rows, session: session)
        }

        /// The ids and the record sequence go on after the copied rows.
        func finishCopy() throws(YidiError) {
            for (table, column) in [("run", "id"), ("attempt", "id"), ("outbox", "id"), ("recon_feedback", "seq")] {
                try session.execute(
                    """
                    SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), COALESCE(MAX(\(column)), 0) + 1, false) FROM \(table)
                    """)
            }
            try session.execute(
                """
                SELECT setval('record_seq', COALESCE(MAX(s), 0) + 1, false) FROM (
                  SELECT MAX(seq) AS s FROM settlement UNION ALL SELECT MAX(seq) FROM reversal UNION ALL SELECT MAX(seq) FROM claim) AS seqs
                """)
        }
    }
}
