/// Writes gathered to reach the server as one statement: each one a part of a `WITH`
/// (PostgreSQL runs every data-modifying part exactly once, all on one snapshot), answered by a
/// query over them. Their parameters are numbered across the whole statement. One round trip
/// for what would otherwise be one per write; the parts cannot read each other's rows (only
/// what another part returns), so only independent writes are gathered.
///
/// Batches of rows are inserted as `INSERT … SELECT … FROM unnest($1, $2, …)`, one array
/// parameter per column: the server parses and plans a few dozen parameters however many rows
/// there are. A column whose values are all NULL is written as a `NULL` literal (its type is
/// then the table's, which an array of NULLs could not say).
struct PostgresWrites {
    private var parts: [(name: String, sql: String)] = []
    private var parameters: [SQLParameter] = []

    /// The placeholder of `value`, bound as the next parameter.
    mutating func bind(_ value: SQLValue) -> String {
        parameters.append(.value(value))
        return "$\(parameters.count)"
    }

    /// The placeholder of `column`, bound as the next parameter (one array).
    mutating func bind(_ column: SQLColumn) -> String {
        parameters.append(.column(column))
        return "$\(parameters.count)"
    }

    /// Adds one part (`INSERT`, `UPDATE`, `DELETE`, or a `SELECT` that later parts read),
    /// its placeholders from ``bind(_:)``; later parts may read it as `name`.
    mutating func add(_ sql: String, as name: String? = nil) {
        parts.append((name ?? "w\(parts.count + 1)", sql))
    }

    /// Adds the insert of `rows` (each in the order of `columns`) into `table`, in their order.
    ///
    /// - Parameters:
    ///   - gate: a part every row is joined to: when it has no row, nothing is inserted.
    ///   - numbering: a column whose values are places in a part with columns `(i, seq)`
    ///     (`by`), and whose written value is the `seq` found there.
    mutating func insert(
        into table: String, columns: [String], rows: [[SQLValue]], onConflict: String = "",
        gate: String? = nil, numbering: (column: String, by: String)? = nil
    ) {
        guard !rows.isEmpty else { return }
        for row in rows { precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns") }
        var placeholders: [String] = []
        var aliases: [String] = []
        var selected: [String] = []
        for (i, name) in columns.enumerated() {
            guard let column = Self.column(i, of: rows, name: "\(table).\(name)") else {
                selected.append("NULL")
                continue
            }
            placeholders.append(bind(column))
            aliases.append(name)
            selected.append(name == numbering?.column ? "numbers.seq" : "u.\(name)")
        }
        precondition(!placeholders.isEmpty, "\(table): a batch of NULLs only")
        var from = "unnest(\(placeholders.joined(separator: ", "))) WITH ORDINALITY AS u(\(aliases.joined(separator: ", ")), row_n)"
        if let numbering { from += " JOIN \(numbering.by) AS numbers ON numbers.i = u.\(numbering.column)" }
        if let gate { from += " CROSS JOIN \(gate)" }
        add(
            """
            INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT \(selected.joined(separator: ", "))
            FROM \(from) ORDER BY u.row_n\(onConflict)
            """)
    }

    /// Runs the parts as one statement and returns the rows of `answer`, a query over them;
    /// without one, a single part runs as it is (its rows are the answer) and several answer
    /// nothing. Nothing to run answers no rows.
    @discardableResult
    func run(on session: PostgresSession, answer: String? = nil) throws(YidiError) -> [SQLRow] {
        guard !parts.isEmpty else { return [] }
        if parts.count == 1, answer == nil { return try session.query(parts[0].sql, parameters: parameters) }
        return try session.query(statement(answer: answer), parameters: parameters)
    }

    /// Sends the parts and `answer` as ``run(on:answer:)`` does, without waiting for the rows.
    func send(on session: PostgresSession, answer: String) -> Pending<Result<[SQLRow], YidiError>> {
        session.send(statement(answer: answer), parameters: parameters)
    }

    private func statement(answer: String?) -> String {
        let with = parts.map { "\($0.name) AS (\($0.sql))" }.joined(separator: ",\n")
        return "WITH \(with)\n\(answer ?? "SELECT 1")"
    }

    /// The `i`th value of every row as one array, or nil when all of them are NULL.
    private static func column(_ i: Int, of rows: [[SQLValue]], name: String) -> SQLColumn? {
        guard let first = rows.first(where: { $0[i] != .null })?[i] else { return nil }
        if case .int = first {
            return .ints(
                rows.map { row in
                    switch row[i] {
                    case .int(let v): v
                    case .null: nil
                    case .text: preconditionFailure("\(name): integers and text in one column")
                    }
                })
        }
        return .texts(
            rows.map { row in
                switch row[i] {
                case .text(let v): v
                case .null: nil
                case .int: preconditionFailure("\(name): integers and text in one column")
                }
            })
    }
}

/// One batch insert on its own (see ``PostgresWrites``).
enum PostgresBatch {
    static func insert(
        into table: String, columns: [String], rows: [[SQLValue]], session: PostgresSession,
        onConflict: String = ""
    ) throws(YidiError) {
        var writes = PostgresWrites()
        writes.insert(into: table, columns: columns, rows: rows, onConflict: onConflict)
        try writes.run(on: session)
    }
}
