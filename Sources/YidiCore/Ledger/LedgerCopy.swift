/// `yidi ledger copy --to URL`: the whole ledger, every table and row, into an empty ledger,
/// then checked row by row against the source (operations.md), SQLite → PostgreSQL and back
/// (or SQLite → SQLite, PostgreSQL → PostgreSQL). So that a workspace can move its ledger
/// without losing history.
public struct LedgerCopy {
    /// What was copied: each table with its rows.
    public struct Report: Sendable {
        public var tables: [(name: String, rows: Int)] = []
    }

    /// The tables, in the order they are filled (referenced before referencing), each with its
    /// key: the order rows are copied and compared in (text keys byte by byte on both ledgers).
    static let tables: [(name: String, key: [(column: String, isText: Bool)])] = [
        ("run", [("id", false)]), ("run_reference", [("run_id", false), ("file", true)]), ("attempt", [("id", false)]),
        ("attempt_error", [("attempt_id", false), ("seq", false)]), ("settlement", [("setl_id", true)]),
        ("reversal", [("setl_id", true)]), ("claim", [("claim_id", true)]), ("period", [("period", true)]),
        ("outbox", [("id", false)]), ("counter", [("name", true), ("labels", true)]), ("prepayment_year", [("year", false)]),
        ("prepayment", [("year", false), ("insu_prov", true), ("mdtrt_prov", true)]), ("record_detail", [("owner_seq", false)]),
        ("command_outcome", [("command", true)]), ("reconciliation", [("period", true)]),
        ("recon_candidate", [("period", true), ("setl_id", true)]), ("recon_feedback", [("seq", false)]),
        ("recon_outcome", [("period", true), ("setl_id", true)])
    ]

    /// The tables in which each ledger keeps which migrations it has applied.
    static let migrationTables: Set<String> = ["grdb_migrations", "yidi_migration"]

    /// Rows written per statement.
    static let batch = 500

    let source: any Ledger

    /// A copy from the workspace's ledger.
    public init(source: any Ledger) {
        self.source = source
    }

    /// Copies into `target`, which must not hold any row yet (a missing SQLite file is created;
    /// a PostgreSQL database is migrated).
    ///
    /// - Throws: ``YidiError``: `refused` (65) for a target with rows or the source itself,
    ///   `internalError` (70) when the check finds a row that differs, `io` (74) from either
    ///   ledger, `tempFail` (75) when PostgreSQL cannot be reached. A failed copy leaves the
    ///   target without any row (one transaction).
    public func run(to target: LedgerLocation, workspace: Workspace) throws(YidiError) -> Report {
        let copy = try open(target, workspace: workspace)
        return try Self.tables(of: source).reading { (from) throws(YidiError) in
            try Self.tables(of: copy).writing { (to) throws(YidiError) in
                // any row refuses, the ledger's tables' and any other table's (a file that
                // holds something else is not a ledger to mix into); only the migrations' own
                // bookkeeping, which opening the target wrote, may be there
                var occupied: [String] = []
                for table in try to.tableNames().sorted() where !Self.migrationTables.contains(table) {
                    if try to.count(table) > 0 { occupied.append(table) }
                }
                guard occupied.isEmpty else {
                    throw YidiError(
                        .refused,
                        "ledger \(target.printable) is not empty (rows in \(occupied.joined(separator: ", "))): "
                            + "copy only into an empty ledger")
                }
                var report = Report()
                for table in Self.tables { report.tables.append((table.name, try Self.copy(table, from: from, to: to))) }
                try to.finishCopy()
                for table in Self.tables { try Self.check(table, from: from, to: to) }
                return report
            }
        }
    }

    /// The target ledger, opened (created and migrated if missing); the source itself refused.
    private func open(_ target: LedgerLocation, workspace: Workspace) throws(YidiError) -> any Ledger {
        switch target {
        case .postgres(let url):
            if let postgres = source as? PostgresLedger, try PostgresURL(url).printable == postgres.place {
                throw YidiError(.refused, "ledger \(target.printable) is the workspace's ledger itself")
            }
            return try PostgresLedger(url: url)
        case .sqlite(let relative):
            let path = relative.hasPrefix("/") ? relative : workspace.root + "/" + relative
            if let sqlite = source as? SQLiteLedger, Paths.realPath(path) == Paths.realPath(sqlite.path) {
                throw YidiError(.refused, "ledger \(path) is the workspace's ledger itself")
            }
            try Paths.makeFolders(Paths.folder(of: path))  // the operator named where the copy goes
            return try SQLiteLedger(path: path)  // created and migrated to the same version if missing
        }
    }

    static func tables(of ledger: any Ledger) throws(YidiError) -> any LedgerTables {
        switch ledger {
        case let sqlite as SQLiteLedger: return SQLiteTables(ledger: sqlite)
        case let postgres as PostgresLedger: return PostgresTables(ledger: postgres)
        default: throw YidiError(.internalError, "a ledger of type \(type(of: ledger)) cannot be copied")
        }
    }

    /// Copies a table's rows in key order, a batch per statement; returns how many.
    private static func copy(
        _ table: (name: String, key: [(column: String, isText: Bool)]), from: any TableReader,
        to: any TableWriter
    ) throws(YidiError) -> Int {
        let columns = try from.columns(table.name)
        var rows: [[SQLValue]] = [], n = 0
        try from.forEachRow(table.name, columns: columns, key: table.key) { (row) throws(YidiError) in
            rows.append(row)
            n += 1
            if rows.count == batch {
                try to.insert(table.name, columns: columns, rows: rows)
                rows.removeAll(keepingCapacity: true)
            }
        }
        try to.insert(table.name, columns: columns, rows: rows)
        return n
    }

    /// Reads both tables again in the same order and compares them value by value: each side
    /// streamed into a digest of its rows (count and SHA-256 of every value, typed), never a
    /// whole table in memory.
    static func check(
        _ table: (name: String, key: [(column: String, isText: Bool)]), from: any TableReader,
        to: any TableReader
    ) throws(YidiError) {
        let columns = try from.columns(table.name)
        let original = try digest(table, columns: columns, of: from), copied = try digest(table, columns: columns, of: to)
        guard original == copied else {
            throw YidiError(
                .internalError,
                "the copy of table \(table.name) differs from the source "
                    + "(\(original.rows) rows, \(copied.rows) in the copy; digests \(original.sha256.prefix(12)), "
                    + "\(copied.sha256.prefix(12)))")
        }
    }

    /// A table's rows in key order as a count and a SHA-256 of their values, each value tagged
    /// with its type so that 1 and '1' or NULL and '' differ.
    static func digest(
        _ table: (name: String, key: [(column: String, isText: Bool)]), columns: [String],
        of reader: any TableReader
    ) throws(YidiError) -> (rows: Int, sha256: String) {
        var sha = SHA256()
        var rows = 0
        try reader.forEachRow(table.name, columns: columns, key: table.key) { (row) throws(YidiError) in
            rows += 1
            var bytes: [UInt8] = []
            for value in row {
                switch value {
                case .null: bytes.append(0)
                case .int(let i):
                    bytes.append(1)
                    bytes += Array(String(i).utf8)
                case .text(let t):
                    bytes.append(2)
                    bytes += Array(String(t.utf8.count).utf8)
                    bytes.append(0x3A)
                    bytes += Array(t.utf8)
                }
                bytes.append(0x1F)
            }
            bytes.append(0x1E)
            sha.update(bytes)
        }
        return (rows, sha.finalizeHex())
    }
}

/// Reads a ledger's tables as rows of values.
protocol TableReader {
    /// Every table the database holds (its own bookkeeping but the migrations' left out).
    func tableNames() throws(YidiError) -> [String]
    /// A table's columns, in the order they were created.
    func columns(_ table: String) throws(YidiError) -> [String]
    /// How many rows a table holds.
    func count(_ table: String) throws(YidiError) -> Int
    /// Every row of a table in key order (text keys byte by byte).
    func forEachRow(
        _ table: String, columns: [String], key: [(column: String, isText: Bool)],
        _ body: ([SQLValue]) throws(YidiError) -> Void) throws(YidiError)
}

/// Writes rows into a ledger's tables.
protocol TableWriter: TableReader {
    func insert(_ table: String, columns: [String], rows: [[SQLValue]]) throws(YidiError)
    /// Sets what the ledger numbers next (ids, record sequence) after the copied rows.
    func finishCopy() throws(YidiError)
}

/// One ledger as the copy sees it: a consistent read, or one write transaction.
protocol LedgerTables {
    func reading<T>(_ body: (any TableReader) throws(YidiError) -> T) throws(YidiError) -> T
    func writing<T>(_ body: (any TableWriter) throws(YidiError) -> T) throws(YidiError) -> T
}
