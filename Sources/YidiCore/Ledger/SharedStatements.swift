import GRDB

/// The seam through which a query is written once for both ledgers: `$1…$n` placeholders,
/// each first used in increasing order (SQLite numbers such named parameters by first
/// appearance, PostgreSQL by their digits), integers and text only, sums cast with
/// `CAST(… AS BIGINT)` (PostgreSQL widens `SUM(bigint)` to `numeric`), and no text ordered in
/// SQL (collations differ: rows are sorted by their bytes in Swift).
protocol SharedStatements {
    /// The rows of one read, in a transaction of its own (or the open one).
    func rows(_ sql: String, _ values: [SQLValue]) throws(YidiError) -> [SQLRow]
    /// Runs statements in one transaction: all of them or none.
    func execute(_ statements: [(sql: String, values: [SQLValue])]) throws(YidiError)
}

/// The placeholder rule of ``SharedStatements``, checked before SQLite binds: a text whose
/// `$n` first appear out of order would bind its values to the wrong places without an error.
enum PlaceholderOrder {
    static func check(_ sql: String) throws(YidiError) {
        var next = 1
        var bytes = sql.utf8[...]
        while let dollar = bytes.firstIndex(of: UInt8(ascii: "$")) {
            bytes = bytes[bytes.index(after: dollar)...]
            let digits = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }
            bytes = bytes.dropFirst(digits.count)
            guard let n = Int(String(decoding: digits, as: UTF8.self)) else { continue }
            if n == next {
                next += 1
            } else if n > next {
                throw YidiError(.internalError, "a shared statement uses $\(n) before $\(next): \(sql.prefix(60))…")
            }
        }
    }
}

extension SQLiteLedger: SharedStatements {
    func rows(_ sql: String, _ values: [SQLValue]) throws(YidiError) -> [SQLRow] {
        try PlaceholderOrder.check(sql)
        return try read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: Self.arguments(values))
            return rows.map(SQLRow.init)
        }
    }

    func execute(_ statements: [(sql: String, values: [SQLValue])]) throws(YidiError) {
        for s in statements { try PlaceholderOrder.check(s.sql) }
        try write { db in
            for s in statements { try db.execute(sql: s.sql, arguments: Self.arguments(s.values)) }
        }
    }

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map(\.databaseValue))
    }
}

extension SQLRow {
    /// A row as SQLite returned it.
    init(_ row: Row) {
        self.init(names: Array(row.columnNames), values: row.databaseValues.map(SQLValue.init))
    }
}

extension SQLValue {
    /// A value as SQLite holds it (the ledger stores integers and text only).
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let i): self = .int(i)
        case .string(let s): self = .text(s)
        case .double(let d): self = .text(String(d))  // the ledger stores none
        case .blob(let b): self = .text(String(decoding: b, as: UTF8.self))  // the ledger stores none
        }
    }

    /// The value to bind in SQLite.
    var databaseValue: (any DatabaseValueConvertible)? {
        switch self {
        case .null: nil
        case .int(let i): i
        case .text(let s): s
        }
    }
}

extension PostgresLedger: SharedStatements {
    func rows(_ sql: String, _ values: [SQLValue]) throws(YidiError) -> [SQLRow] {
        try session.query(sql, values)
    }

    func execute(_ statements: [(sql: String, values: [SQLValue])]) throws(YidiError) {
        try transaction { () throws(YidiError) in
            for s in statements { try session.query(s.sql, s.values) }
        }
    }
}
