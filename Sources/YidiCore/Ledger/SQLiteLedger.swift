import CSQLiteConfig
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// The embedded ledger: one SQLite file in the workspace (WAL, `synchronous=FULL`), through GRDB.
/// Its own SQL lives in the `SQLiteLedger*` files, `SQLiteDropTransaction.swift` and
/// `LedgerSchema.swift`; the queries written once for both ledgers go through ``SharedStatements``.
final class SQLiteLedger: Ledger {
    let queue: DatabaseQueue
    /// The ledger file, named in every error.
    let path: String
    /// Whether a group of drops is open (``beginGroup()``).
    private var groupOpen = false

    /// Opens (and migrates) the ledger at `path`, creating it if there is none.
    ///
    /// Whether a missing ledger may be created is the caller's decision (``LedgerGuard``).
    ///
    /// - Throws: ``YidiError`` with kind `io` (SQLite's message and the path) if the file cannot
    ///   be opened or migrated, `tempFail` if another process holds it locked.
    /// A folder the ledger was copied into to be read (``init(readingOnly:)``), removed with it.
    private var readingCopy: String?

    public init(path: String) throws(YidiError) {
        Self.statementJournalInMemory
        self.path = path
        var config = Configuration()
        let maxPages = FaultInjection.ledgerMaxPages
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // the fault tests' full disk: SQLite's own SQLITE_FULL once the file would grow past this
            if let maxPages { try db.execute(sql: "PRAGMA max_page_count = \(maxPages)") }
        }
        config.busyMode = .timeout(5)
        // a drop's transaction stays open between its accesses (SQLiteDropTransaction): begun,
        // written record by record, committed or rolled back by the drop processor
        config.allowsUnsafeTransactions = true
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            try LedgerSchema.migrator.migrate(queue)
        } catch {
            throw YidiError.ledger(error, path: path)
        }
    }

    /// Opens a ledger to read it only (`status`, `explain`, `report`): nothing is created or
    /// written, whatever state the file is in. A missing ledger reads as an empty one (a
    /// workspace before its first run). A ledger that cannot be read in place — a read-only
    /// folder or file with a write-ahead log to replay, a ledger of an older yidi that needs its
    /// migrations — is read from a private copy (the file and its log), never changed.
    init(readingOnly path: String) throws(YidiError) {
        Self.statementJournalInMemory
        self.path = path
        guard Paths.exists(path) else {
            do {
                queue = try DatabaseQueue()
                try LedgerSchema.migrator.migrate(queue)
            } catch {
                throw YidiError.ledger(error, path: path)
            }
            return
        }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        do {
            let inPlace = try DatabaseQueue(path: path, configuration: config)
            if try inPlace.read({ db in try LedgerSchema.migrator.hasCompletedMigrations(db) }) {
                queue = inPlace
                return
            }
        } catch {
            // only a file can be copied and read; anything else says SQLite's own words
            guard Paths.type(of: path) == .regular else { throw YidiError.ledger(error, path: path) }
        }
        let copy = try Self.copyForReading(path)
        readingCopy = Paths.folder(of: copy)
        do {
            queue = try DatabaseQueue(path: copy)
            try LedgerSchema.migrator.migrate(queue)
        } catch {
            Paths.removeTree(Paths.folder(of: copy))
            throw YidiError.ledger(error, path: path)
        }
    }

    deinit {
        if let readingCopy { Paths.removeTree(readingCopy) }
    }

    /// Copies the ledger and its write-ahead log (if any) into a new private folder under
    /// `TMPDIR`; returns the copy's path.
    private static func copyForReading(_ path: String) throws(YidiError) -> String {
        let template = Paths.temporaryFolder + "/yidi-read.XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else {
            throw YidiError(
                .io, "ledger \(path): cannot be read in place, and no copy can be made in \(template): \(String(cString: strerror(errno)))")
        }
        let folder = String(cString: made)
        let copy = folder + "/ledger.sqlite"
        do throws(YidiError) {
            try Paths.copyFile(path, to: copy)
            if Paths.exists(path + "-wal") { try Paths.copyFile(path + "-wal", to: copy + "-wal") }
        } catch {
            Paths.removeTree(folder)
            throw YidiError(.io, "ledger \(path): cannot be read in place, nor copied to read: \(error.message)")
        }
        return copy
    }

    /// Each drop is a savepoint (``SQLiteDropTransaction``), and SQLite journals every page a
    /// savepoint changes for the first time in a statement journal, which it keeps in memory up
    /// to this size and then spills to a temporary file. SQLite's default, 64 KiB, sent a night
    /// of 3 000 drops of 30 settlements (about 350 KB of journal each) through 1 GB of temporary
    /// file writes on the thread that records the drops; 4 MiB keeps a small drop's journal in
    /// memory, and a big drop's still spills. SQLite takes the setting only before its first
    /// connection in the process, once.
    private static let statementJournalInMemory: Void = {
        // SQLITE_MISUSE if a connection came first (in `yidi` the ledger's is the first): the
        // journal then spills as before, only slower, which is no reason to refuse the ledger
        _ = yidi_sqlite_statement_journal_spill(4 << 20)
    }()

    /// A read on the ledger, in one transaction; every failure becomes a ``YidiError`` naming
    /// the file.
    func read<T>(_ body: (Database) throws -> T) throws(YidiError) -> T {
        try transaction("BEGIN DEFERRED", body)
    }

    /// A write transaction on the ledger; every failure becomes a ``YidiError`` naming the file.
    func write<T>(_ body: (Database) throws -> T) throws(YidiError) -> T {
        try transaction("BEGIN IMMEDIATE", body)
    }

    /// Runs `body` in a transaction begun by `begin`, or in the open group's transaction. The
    /// statements are prepared once per connection (GRDB's `read`/`write` prepare their own
    /// transaction statements on every call: a tenth of a night of small drops went there).
    private func transaction<T>(_ begin: String, _ body: (Database) throws -> T) throws(YidiError) -> T {
        try Self.access(queue, path: path) { db in
            if db.isInsideTransaction { return try body(db) }  // inside a group of drops: part of it
            try db.cachedStatement(sql: begin).execute()
            do {
                let result = try body(db)
                try db.cachedStatement(sql: "COMMIT").execute()
                return result
            } catch {
                if db.isInsideTransaction { try db.cachedStatement(sql: "ROLLBACK").execute() }
                throw error
            }
        }
    }

    func startRun(command: String, startedAt: LocalDateTime, referenceHashes: [(file: String, sha256: String)]) throws(YidiError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO run (command, started_at) VALUES (?, ?)",
                arguments: [command, startedAt.description])
            let id = db.lastInsertedRowID
            for (file, sha) in referenceHashes {
                try db.execute(
                    sql: "INSERT INTO run_reference (run_id, file, sha256) VALUES (?, ?, ?)",
                    arguments: [id, file, sha])
            }
            return id
        }
    }

    func finishRun(_ id: Int64, finishedAt: LocalDateTime, exitCode: Int32, failure: String?) throws(YidiError) {
        try write { db in
            try db.execute(
                sql: "UPDATE run SET finished_at = ?, exit_code = ?, failure = ? WHERE id = ?",
                arguments: [finishedAt.description, Int(exitCode), failure, id])
        }
    }

    func markDone(_ entries: [OutboxEntry], at time: LocalDateTime) throws(YidiError) {
        guard !entries.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(sql: "UPDATE outbox SET done_at = ? WHERE id = ?")
            for entry in entries { try statement.execute(arguments: [time.description, entry.id]) }
        }
    }

    func recordFailure(_ entry: OutboxEntry, error: String, at time: LocalDateTime) throws(YidiError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET failures = failures + 1, last_error = ?, first_failed_at = COALESCE(first_failed_at, ?) WHERE id = ?
                    """, arguments: [error, time.description, entry.id])
            try Self.add([MetricIncrement(name: "yidi_outbox_failures_total", value: 1)], in: db)
        }
    }

    /// Each B002 question is a lookup in the same process, asked when it comes: `identityChecks`
    /// changes nothing here.
    func beginDrop(
        runID: Int64, dropID: String?, claim: InboxClaim?,
        identityChecks: IdentityChecks
    ) throws(YidiError) -> any DropTransaction {
        precondition(claim == nil, "the SQLite ledger has one worker: no claims")
        return try SQLiteDropTransaction(queue: queue, runID: runID, dropID: dropID, inGroup: groupOpen, path: path)
    }

    func beginGroup() throws(YidiError) {
        precondition(!groupOpen, "a group is already open")
        try writeOpen { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        groupOpen = true
    }

    func commitGroup() throws(YidiError) {
        precondition(groupOpen, "no group is open")
        groupOpen = false
        try writeOpen { db in
            // SQLite rolls a transaction back by itself on some errors (a full disk): then the
            // group is gone, and saying so is the only honest answer
            guard db.isInsideTransaction else {
                throw YidiError(.io, "the ledger rolled the group of drops back after an earlier error")
            }
            try db.execute(sql: "COMMIT")
        }
    }

    func rollbackGroup() throws(YidiError) {
        guard groupOpen else { return }
        groupOpen = false
        try writeOpen { db in
            if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
        }
    }

    /// An access to the connection that may leave a transaction open (a group of drops, a
    /// drop's transaction); every failure becomes a ``YidiError`` naming the ledger (74, or 75
    /// when another process holds it). The one place the ledger's connection is entered.
    static func access<T>(_ queue: DatabaseQueue, path: String, _ body: (Database) throws -> T) throws(YidiError) -> T {
        do { return try queue.writeWithoutTransaction(body) } catch { throw YidiError.ledger(error, path: path) }
    }

    private func writeOpen(_ body: (Database) throws -> Void) throws(YidiError) {
        try Self.access(queue, path: path, body)
    }

    func addCounters(_ increments: [MetricIncrement]) throws(YidiError) {
        try write { db in
            try Self.add(increments, in: db)
        }
    }

    /// Adds to the metric counters: the one statement every counter goes through.
    static func add(_ increments: [MetricIncrement], in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO counter (name, labels, value) VALUES (?, ?, ?)
                ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value
                """)
        for i in increments { try statement.execute(arguments: [i.name, i.labels, i.value]) }
    }

    public func counters() throws(YidiError) -> [MetricIncrement] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM counter ORDER BY name, labels")).map {
                MetricIncrement(name: $0["name"], labels: $0["labels"], value: $0["value"])
            }
        }
    }

    func recordCommand(_ o: CommandOutcome) throws(YidiError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO command_outcome (command, last_success_at, last_exit_code, last_finished_at, last_duration_ms)
                    VALUES (?1, ?2, ?3, ?4, ?5)
                    ON CONFLICT (command) DO UPDATE SET last_success_at = COALESCE(?2, last_success_at), last_exit_code = ?3,
                      last_finished_at = ?4, last_duration_ms = ?5
                    """,
                arguments: [
                    o.command, o.lastSuccess?.description, Int(o.exitCode), o.finishedAt.description,
                    o.durationMilliseconds
                ])
            try Self.add([o.exitIncrement], in: db)
        }
    }

    func commandOutcomes() throws(YidiError) -> [CommandOutcome] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM command_outcome ORDER BY command")).compactMap { row in
                guard let finished = LocalDateTime(row["last_finished_at"] as String) else { return nil }
                return CommandOutcome(
                    command: row["command"], exitCode: Int32(row["last_exit_code"] as Int),
                    lastSuccess: (row["last_success_at"] as String?).flatMap(LocalDateTime.init),
                    finishedAt: finished, durationMilliseconds: row["last_duration_ms"])
            }
        }
    }

    /// An outbox row's task.
    /// An attempt of a row read inside a drop's transaction.
    static func attempt(_ row: Row) throws -> AttemptRecord {
        try AttemptRecord(row: SQLRow(row))
    }
}
