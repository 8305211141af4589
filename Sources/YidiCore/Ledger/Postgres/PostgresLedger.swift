/// The ledger on a PostgreSQL server (operations.md, "Several workers on one PostgreSQL
/// ledger"): the same protocol as ``SQLiteLedger``, the same tables and the same answers. All of
/// its SQL lives in this folder.
final class PostgresLedger: ClearingLedger {
    let session: PostgresSession
    /// Where the ledger is (for a second connection: a claim's lease).
    let url: String
    /// Whether a transaction (a group of drops, or a drop outside a group) is open.
    var inTransaction = false
    /// The accumulator keys of a drop whose commit was refused because what its claims counted
    /// changed (by `drop_id`): its next assessment locks them before it reads the drop, so that
    /// it is not refused again for the same keys (``AccumulatorCheck``).
    var keysToLockFirst: [String: Set<String>] = [:]
    /// Connections that renew claims' leases, idle between keepers (opened with the first
    /// claim): a worker holds three claims at most, the drop whose commit is not answered yet,
    /// the drop it processes and the next one.
    var idleLeaseSessions: [PostgresSession] = []
    /// The connection claims are made on (opened with the first claim), so that a claim does
    /// not wait behind a drop's commit sent on ``session`` and not answered yet.
    var claimSession: PostgresSession?
    /// Whether a group of drops is open (``beginGroup()``).
    private var groupOpen = false
    /// Attempt ids taken from their sequence and not used yet, the next last.
    private var attemptIDs: [Int64] = []

    /// Connects to `url` and migrates the database. `mayCreate` is asked first when the
    /// database holds no ledger yet (``LedgerGuard``: not in a workspace with history).
    init(url: String, mayCreate: () throws(YidiError) -> Void = {}) throws(YidiError) {
        self.url = url
        session = try PostgresSession(url: url)
        let present = try session.query("SELECT to_regclass('run') IS NOT NULL")[0].int(0) != 0
        if !present { try mayCreate() }
        try PostgresSchema.migrate(session)
    }

    /// The server as it may be printed.
    var place: String { session.place }

    /// Runs `body` in one transaction, or in the open one (a group's): the one place a
    /// transaction outside a drop is begun and ended.
    func transaction<T>(begin: String = "BEGIN", _ body: () throws(YidiError) -> T) throws(YidiError) -> T {
        if inTransaction { return try body() }
        try session.execute(begin)
        inTransaction = true
        defer { inTransaction = false }
        do {
            let result = try body()
            try session.execute("COMMIT")
            return result
        } catch {
            if !session.isClosed { _ = try? session.execute("ROLLBACK") }  // the error below is the one to report
            throw error
        }
    }

    /// A condition for a statement that is a transaction of its own: its commit then does not
    /// wait for the WAL to reach the disk (`set_config(…, true)` lasts until that commit).
    /// For what a crash may lose harmlessly: a claim is only a lease that runs out, an outbox
    /// entry marked done and forgotten is carried out again. Inside an open transaction it is
    /// empty: that transaction's commit is not this statement's to weaken.
    var unsynced: String { inTransaction ? "" : Self.unsyncedAlone }

    /// ``unsynced`` for a statement on a connection that never opens a transaction.
    static let unsyncedAlone = "AND set_config('synchronous_commit', 'off', true) IS NOT NULL"

    func startRun(command: String, startedAt: LocalDateTime, referenceHashes: [(file: String, sha256: String)]) throws(YidiError) -> Int64 {
        try transaction { () throws(YidiError) in
            let id = try session.query(
                "INSERT INTO run (command, started_at) VALUES ($1, $2) RETURNING id",
                [.text(command), .text(startedAt.description)])[0].int(0)
            for (file, sha) in referenceHashes {
                try session.query(
                    "INSERT INTO run_reference (run_id, file, sha256) VALUES ($1, $2, $3)",
                    [.int(id), .text(file), .text(sha)])
            }
            return id
        }
    }

    func finishRun(_ id: Int64, finishedAt: LocalDateTime, exitCode: Int32, failure: String?) throws(YidiError) {
        try session.query(
            "UPDATE run SET finished_at = $1, exit_code = $2, failure = $3 WHERE id = $4",
            [.text(finishedAt.description), .int(Int(exitCode)), .text(failure), .int(id)])
    }

    func markDone(_ entries: [OutboxEntry], at time: LocalDateTime) throws(YidiError) {
        guard !entries.isEmpty else { return }
        try session.query(
            "UPDATE outbox SET done_at = $1 WHERE id = ANY($2) \(unsynced)",
            parameters: [.value(.text(time.description)), .column(.ints(entries.map(\.id)))])
    }

    func recordFailure(_ entry: OutboxEntry, error: String, at time: LocalDateTime) throws(YidiError) {
        try transaction { () throws(YidiError) in
            try session.query(
                """
                UPDATE outbox SET failures = failures + 1, last_error = $1, first_failed_at = COALESCE(first_failed_at, $2) WHERE id = $3
                """, [.text(error), .text(time.description), .int(entry.id)])
            try Self.add([MetricIncrement(name: "yidi_outbox_failures_total", value: 1)], in: session)
        }
    }

    func beginGroup() throws(YidiError) {
        precondition(!groupOpen, "a group is already open")
        try session.execute("BEGIN")
        inTransaction = true
        groupOpen = true
    }

    func commitGroup() throws(YidiError) {
        precondition(groupOpen, "no group is open")
        groupOpen = false
        inTransaction = false
        try session.execute("COMMIT")
    }

    func rollbackGroup() throws(YidiError) {
        guard groupOpen else { return }
        groupOpen = false
        inTransaction = false
        if !session.isClosed { try session.execute("ROLLBACK") }
    }

    /// The id of the next drop's attempt, before its row is written: taken from the sequence
    /// 32 at a time, one round trip for as many drops. One worker's ids rise; those a worker
    /// took and did not use are gaps, as a rolled-back drop's id is.
    func nextAttemptID() throws(YidiError) -> Int64 {
        if attemptIDs.isEmpty {
            attemptIDs = try session.query("SELECT nextval(pg_get_serial_sequence('attempt', 'id')) FROM generate_series(1, 32)")
                .map { $0.int(0) }.sorted(by: >)
        }
        return attemptIDs.removeLast()
    }

    func beginDrop(
        runID: Int64, dropID: String?, claim: InboxClaim?,
        identityChecks: IdentityChecks
    ) throws(YidiError) -> any DropTransaction {
        try PostgresDropTransaction(
            ledger: self, runID: runID, dropID: dropID, claim: claim, identityChecks: identityChecks,
            inGroup: groupOpen)
    }

    func addCounters(_ increments: [MetricIncrement]) throws(YidiError) {
        try transaction { () throws(YidiError) in try Self.add(increments, in: session) }
    }

    /// Adds to the metric counters in one statement, the one every counter goes through: one
    /// row per counter (a statement may not update a row twice), in one order (two workers
    /// adding to the same counters wait for each other rather than deadlock).
    static func add(_ increments: [MetricIncrement], in session: PostgresSession) throws(YidiError) {
        var writes = PostgresWrites()
        add(increments, to: &writes)
        try writes.run(on: session)
    }

    /// ``add(_:in:)`` gathered into `writes`, joined to `gate` (``PostgresWrites/insert(into:columns:rows:onConflict:gate:numbering:)``).
    static func add(_ increments: [MetricIncrement], to writes: inout PostgresWrites, gate: String? = nil) {
        var sums: [String: (name: String, labels: String, value: Int64)] = [:]
        for i in increments {
            sums[i.name + "\u{0}" + i.labels, default: (i.name, i.labels, 0)].value += i.value
        }
        let rows = sums.keys.sorted().map { key -> [SQLValue] in
            let s = sums[key]!
            return [.text(s.name), .text(s.labels), .int(s.value)]
        }
        writes.insert(
            into: "counter", columns: ["name", "labels", "value"], rows: rows,
            onConflict: " ON CONFLICT (name, labels) DO UPDATE SET value = counter.value + excluded.value", gate: gate)
    }

    func counters() throws(YidiError) -> [MetricIncrement] {
        try session.query("SELECT * FROM counter ORDER BY name COLLATE \"C\", labels COLLATE \"C\"").map {
            MetricIncrement(name: $0.text("name"), labels: $0.text("labels"), value: $0.int("value"))
        }
    }

    func recordCommand(_ o: CommandOutcome) throws(YidiError) {
        try transaction { () throws(YidiError) in
            try session.query(
                """
                INSERT INTO command_outcome (command, last_success_at, last_exit_code, last_finished_at, last_duration_ms)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (command) DO UPDATE SET last_success_at = COALESCE($2, command_outcome.last_success_at),
                  last_exit_code = $3, last_finished_at = $4, last_duration_ms = $5
                """,
                [
                    .text(o.command), .text(o.lastSuccess?.description), .int(Int(o.exitCode)), .text(o.finishedAt.description),
                    .int(o.durationMilliseconds)
                ])
            try Self.add([o.exitIncrement], in: session)
        }
    }

    func commandOutcomes() throws(YidiError) -> [CommandOutcome] {
        try session.query("SELECT * FROM command_outcome ORDER BY command COLLATE \"C\"").compactMap { row in
            guard let finished = LocalDateTime(row.text("last_finished_at")) else { return nil }
            return CommandOutcome(
                command: row.text("command"), exitCode: Int32(row.int("last_exit_code")),
                lastSuccess: row.optionalText("last_success_at").flatMap(LocalDateTime.init),
                finishedAt: finished, durationMilliseconds: row.int("last_duration_ms"))
        }
    }
}
