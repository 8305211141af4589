import GRDB

/// `yidi ledger copy --to URL`: the whole ledger, every table and row, into an empty ledger,
/// then checked row by row against the source (operations.md). So that a workspace can move
/// its ledger — to another disk today, to PostgreSQL once that ledger exists — without losing
/// history.
public struct LedgerCopy {
    /// What was copied: each table with its rows.
    public struct Report: Sendable {
        public var tables: [(name: String, rows: Int)] = []
    }

    let source: SQLiteLedger

    /// A copy from `source`, which must be the SQLite ledger (the only one of this build).
    public init(source: any Ledger) throws(YidiError) {
        guard let sqlite = source as? SQLiteLedger else {
            throw YidiError(.config, "the workspace's ledger is not an SQLite ledger: nothing else can be copied yet")
        }
        self.source = sqlite
    }

    /// Copies into `target`, which must not hold any row yet (a missing file is created).
    ///
    /// - Throws: ``YidiError``: `refused` (65) for a target with rows or the source itself,
    ///   `config` (78) for a PostgreSQL target (not part of this build), `internalError` (70)
    ///   when the check finds a row that differs, `io` (74) from either ledger. A failed copy
    ///   leaves the target without any row (one transaction).
    public func run(to target: LedgerLocation, workspace: Workspace) throws(YidiError) -> Report {
        let path: String
        switch target {
        case .postgres:
            throw YidiError(.config, "ledger \(target.printable): the PostgreSQL ledger is not part of this build yet")
        case .sqlite(let relative):
            path = relative.hasPrefix("/") ? relative : workspace.root + "/" + relative
        }
        guard Paths.realPath(path) != Paths.realPath(source.path) else {
            throw YidiError(.refused, "ledger \(path) is the workspace's ledger itself")
        }
        try Paths.makeFolders(Paths.folder(of: path))  // the operator named where the copy goes
        let copy = try SQLiteLedger(path: path)  // created and migrated to the same version if missing
        let tables = try source.read { db in try Self.tables(db) }
        let occupied = try copy.read { db in try tables.filter { try Self.count(db, $0) > 0 } }
        guard occupied.isEmpty else {
            throw YidiError(.refused, "ledger \(path) is not empty (rows in \(occupied.joined(separator: ", "))): copy only into an empty ledger")
        }
        return try source.read { (from) throws in
            try copy.write { (to) throws in
                try to.execute(sql: "PRAGMA defer_foreign_keys = ON")  // tables in creation order; checked at commit
                var report = Report()
                for table in tables { report.tables.append((table, try Self.copy(table, from: from, to: to))) }
                for table in tables { try Self.check(table, from: from, to: to) }
                return report
            }
        }
    }

    /// The ledger's tables in creation order, without the migrations' own (the target is
    /// migrated to the same version when it is opened) and SQLite's.
    static func tables(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
            ORDER BY rowid
            """)
    }

    private static func count(_ db: Database, _ table: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
    }

    /// The table's primary key (the hidden rowid where it has none): the order rows are copied
    /// and compared in.
    private static func order(_ table: String, _ db: Database) throws -> String {
        try db.primaryKey(table).columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
    }

    /// Copies a table's rows in its key's order; returns how many.
    private static func copy(_ table: String, from: Database, to: Database) throws -> Int {
        let columns = try from.columns(in: table).map(\.name)
        let list = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let insert = try to.makeStatement(sql: "INSERT INTO \(table.quotedDatabaseIdentifier) (\(list)) VALUES "
                                          + "(\(columns.map { _ in "?" }.joined(separator: ", ")))")
        let rows = try Row.fetchCursor(from, sql: "SELECT \(list) FROM \(table.quotedDatabaseIdentifier) ORDER BY \(try order(table, from))")
        var n = 0
        while let row = try rows.next() {
            try insert.execute(arguments: StatementArguments(row.databaseValues))
            n += 1
        }
        return n
    }

    /// Reads both tables again in the same order and compares them value by value.
    static func check(_ table: String, from: Database, to: Database) throws {
        let list = try from.columns(in: table).map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
        let sql = "SELECT \(list) FROM \(table.quotedDatabaseIdentifier) ORDER BY \(try order(table, from))"
        let original = try Row.fetchCursor(from, sql: sql), copied = try Row.fetchCursor(to, sql: sql)
        var n = 0
        while true {
            let a = try original.next(), b = try copied.next()
            n += 1
            if a == nil && b == nil { return }
            guard let a, let b, Array(a.databaseValues) == Array(b.databaseValues) else {
                throw YidiError(.internalError, "the copy of table \(table) differs from the source at row \(n)")
            }
        }
    }
}
