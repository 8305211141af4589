/// One drop's transaction on the PostgreSQL ledger: the same contract as
/// ``SQLiteDropTransaction`` (reads leave out the records of the drop's own `drop_id`), with
/// its writes gathered. The records are kept until the commit (or until ``batchSize`` of them
/// are waiting), the attempt, its errors, counters and outbox entries too; the commit sends
/// them all as one statement (``PostgresWrites``), which locks the records' accumulator keys,
/// numbers them and writes them. The transaction begins on the server only when something
/// must be written or locked before the commit (a batch of a big drop, a reversal's mark, a
/// claim's accumulator, a rejected file's new place); a drop that needs none of that is that
/// one statement, a transaction of its own. Its reads are then each one statement, which in
/// READ COMMITTED sees what it would have seen inside the transaction.
///
/// Reads that several workers could race on are made safe by the database: a person's
/// accumulator keys are locked at the commit and a claim's reads checked there
/// (``AccumulatorCheck``), and unique constraints refuse a second acceptance of a `drop_id`,
/// `setl_id` or `claim_id` (a ``LedgerConflict`` in the error, the signal to assess the drop again).
final class PostgresDropTransaction: DropTransaction {
    let ledger: PostgresLedger
    var session: PostgresSession { ledger.session }
    /// The attempt's id, taken from its sequence before the row exists (``PostgresLedger/nextAttemptID()``).
    let attemptID: Int64
    /// The header's `drop_id` ("" when it could not be read).
    let dropID: String
    private let inGroup: Bool
    let runID: Int64
    /// The worker's claim on the drop's file: the commit goes through only while it holds.
    private let claim: InboxClaim?
    var settlementProvinces: Set<String> = []
    var claimProvinces: Set<String> = []
    /// Records waiting to be written, in document order.
    var pending: [PendingRecord] = []
    /// The accumulator keys of the kept settlements: locked when they are written, so that a
    /// claim reading the same person's year never misses a settlement committed before it.
    var pendingKeys: Set<String> = []
    /// The `setl_id`s among `pending` (a reversal later in the drop may name one).
    var pendingSettlementIDs: Set<String> = []
    /// What the drop's claims counted under each accumulator key (by lock text), checked at
    /// the commit (``AccumulatorCheck``).
    var accumulatorsRead: [String: AccumulatorCheck.Read] = [:]
    /// The accumulator keys this transaction holds on the server (by lock text): a claim's
    /// keys, locked before they were read, need no check at the commit.
    var keysHeld: Set<String> = []
    /// The attempt as ``record(attempt:errors:)`` gave it, until it is written.
    private var attempt: (record: AttemptRecord, errors: [DropError])?
    private var attemptRecorded = false
    /// The drop's outbox rows (the province files it touches; its acknowledgement and moves)
    /// and its counters, until they are written.
    private var pendingOutbox: [[SQLValue]] = []
    private var pendingProvinceFiles: [[SQLValue]] = []
    private var pendingCounters: [MetricIncrement] = []
    /// Whether the transaction (in a group: the drop's savepoint) has begun on the server.
    private var begun = false
    /// Whether the attempt's row exists: a placeholder written before the first batch of
    /// records (their `attempt_id` refers to it), or the row itself once written.
    private var attemptPlaced = false
    /// Whether `drop_records` was set: only once records reach the server before the commit
    /// is there anything for ``discardRecords()`` to roll back on the server.
    private(set) var recordsSavepoint = false
    /// The history last read (``history(dropKey:sha256:)``), under the key it was read for.
    private var knownHistory: (key: String, history: DropHistory)?
    /// The ids whose B002 question the commit answers (``IdentityChecks/atCommit``); nil while
    /// each question is asked when it comes.
    var idsCheckedAtCommit: [String]?
    /// How many B002 questions are gathered into one (``PriorFacts/identityBatch``): as many
    /// as a batch of records, unless each is to be asked at once. The assessment asks about the
    /// ids of a batch when its last id is read, before that record reaches
    /// ``keep(_:own:layout:values:detail:)``, so no record is written before its id was asked
    /// (one that were would meet the unique key: the drop is then assessed again, each id asked
    /// at once).
    let identityBatch: Int
    /// Records kept before a batch is written (bounded memory on a big drop).
    static let batchSize = 1000

    /// Takes the attempt's id. In a group the drop's savepoint is set at once: a statement
    /// that fails must not take the group's other drops with it.
    init(
        ledger: PostgresLedger, runID: Int64, dropID: String?, claim: InboxClaim?, identityChecks: IdentityChecks,
        inGroup: Bool
    ) throws(YidiError) {
        self.ledger = ledger
        idsCheckedAtCommit = identityChecks == .atCommit ? [] : nil
        identityBatch = identityChecks == .oneByOne ? 1 : Self.batchSize
        self.claim = claim
        self.dropID = dropID ?? ""
        self.inGroup = inGroup
        self.runID = runID
        attemptID = try ledger.nextAttemptID()
        if inGroup { try begin() }
        if let keys = ledger.keysToLockFirst.removeValue(forKey: self.dropID) {
            // assessed again after its claims' keys changed: they are held from the start now,
            // all at once in the one order (the commit locks no key beyond them)
            try begin()
            let lock = AccumulatorCheck.lockStatement(keys)
            try session.query(lock.sql, parameters: lock.parameters)
            keysHeld = keys
        }
    }

    /// Begins the transaction on the server (in a group: sets the drop's savepoint), once.
    func begin() throws(YidiError) {
        guard !begun else { return }
        if inGroup {
            try session.execute("SAVEPOINT one_drop")
        } else {
            try session.execute("BEGIN")
            ledger.inTransaction = true
        }
        begun = true
    }

    /// Before the first of the drop's records reaches the server: the transaction, the
    /// attempt's placeholder row (the records refer to it) and `drop_records`.
    func markRecordsStart() throws(YidiError) {
        try begin()
        if !attemptPlaced {
            try session.query(
                """
                INSERT INTO attempt (id, drop_key, attempt, run_id, file_name, sha256, received_at, status, record_cnt, line_cnt,
                                     medfee_sumamt, error_cnt, stored_path)
                VALUES ($1, '_pending/' || $1, 0, $2, '', '', '', 'rejected', 0, 0, 0, 0, '')
                """, [.int(attemptID), .int(runID)])
            attemptPlaced = true
        }
        guard !recordsSavepoint else { return }
        try session.execute("SAVEPOINT drop_records")
        recordsSavepoint = true
    }

    /// Sends the kept records and everything gathered as one statement, fenced by the claim,
    /// then commits (unless that statement was the transaction).
    func commit() throws(YidiError) {
        try commitAnsweredLater().wait().get()
    }

    /// As ``commit()``; when the one statement is the transaction (a small drop that wrote
    /// nothing before), it is sent without waiting, and the answer says whether it went
    /// through. Statements sent after it on the connection run after it.
    func commitAnsweredLater() throws(YidiError) -> CommitAnswer {
        var writes = PostgresWrites()
        var gate: String?
        let clash = gatherIdentityCheck(into: &writes)
        let keys = pendingKeys.union(accumulatorsRead.keys)
        let (stale, locked) = try gatherLocks(into: &writes)
        let clean =
            [clash, stale].compactMap { $0 }.map { " AND NOT EXISTS (SELECT 1 FROM \($0))" }.joined()
            + (locked.map { " AND EXISTS (SELECT 1 FROM \($0))" } ?? "")
        if let claim {
            // fenced: a worker whose claim was taken over (its lease ran out) writes nothing,
            // every write below joins this one's row; the row lock taken here makes a takeover
            // wait for this commit
            writes.add(
                """
                UPDATE inbox_claim SET done = true, leased_until = NULL
                WHERE file_key = \(writes.bind(.text(claim.file.key))) AND fence = \(writes.bind(.int(claim.fence))) AND NOT done\(clean)
                RETURNING fence
                """, as: "held")
            gate = "held"
        } else if clash != nil || stale != nil || locked != nil {
            writes.add("SELECT 1 WHERE true\(clean)", as: "clean")
            gate = "clean"
        }
        numberRecords(into: &writes, gate: gate)
        gatherAttempt(into: &writes, gate: gate)
        guard let gate else {
            try writes.run(on: session)
            try finishCommit()
            return CommitAnswer(.success(()))
        }
        let staleChecked = stale != nil
        let verdict = { @Sendable [dropID, claim] (answer: [SQLRow]) -> Result<Void, YidiError> in
            Self.verdict(answer, clashChecked: clash != nil, staleChecked: staleChecked, dropID: dropID, claim: claim)
        }
        let counted = [clash, stale].map { $0.map { "(SELECT count(*) FROM \($0))" } ?? "0" }.joined(separator: ", ")
        let answering = "SELECT count(*), \(counted) FROM \(gate)"
        guard begun else {  // the statement is the transaction
            return writes.send(on: session, answer: answering).map { $0.flatMap(verdict) }
        }
        let answer = verdict(try writes.run(on: session, answer: answering))
        if case .failure(let refused) = answer, refused.conflict == .accumulatorsChanged {
            ledger.keysToLockFirst[dropID] = keys
        }
        try answer.get()
        try finishCommit()
        return CommitAnswer(.success(()))
    }

    /// The commit's accumulator keys (``AccumulatorCheck``): with claims, every key locked now
    /// in a statement of its own (so that the check sees every drop committed before the locks
    /// were granted) and the check of what the claims counted, named `stale`; without, the keys
    /// as the statement's first part, `locked`, which every write waits on through the gate,
    /// so that no row — a counter, the claim's own, whose lease is renewed meanwhile — is held
    /// while the locks are awaited. Each nil when there is nothing of it.
    private func gatherLocks(into writes: inout PostgresWrites) throws(YidiError) -> (stale: String?, locked: String?) {
        var stale: String?
        pendingKeys.subtract(keysHeld)
        let unheldReads = accumulatorsRead.filter { !keysHeld.contains($0.key) }
        if !unheldReads.isEmpty {
            try begin()
            let lock = AccumulatorCheck.lockStatement(pendingKeys.union(unheldReads.keys))
            try session.query(lock.sql, parameters: lock.parameters)
            pendingKeys.removeAll()
            stale = AccumulatorCheck.gatherStaleCheck(Array(unheldReads.values), own: writes.bind(.text(dropID)), into: &writes)
        }
        guard !pendingKeys.isEmpty else { return (stale, nil) }
        writes.add("SELECT count(*) AS n FROM (\(AccumulatorCheck.locking(writes.bind(.texts(pendingKeys.sorted()))))) AS l", as: "locked")
        pendingKeys.removeAll()
        return (stale, "locked")
    }

    /// Whether the commit's statement went through, from its answer (`count(*)` of the gate,
    /// the clashes found): refused when an id taken for new had been accepted before, or when
    /// the claim was taken over.
    private static func verdict(
        _ answer: [SQLRow], clashChecked: Bool, staleChecked: Bool, dropID: String,
        claim: InboxClaim?
    ) -> Result<Void, YidiError> {
        if clashChecked, answer.first?.int(1) != 0 {
            var refused = YidiError(
                .tempFail, "an id of drop \(dropID) taken for new had been accepted before: this drop was not committed")
            refused.conflict = .idsAcceptedBefore
            return .failure(refused)
        }
        if staleChecked, answer.first?.int(2) != 0 {
            var refused = YidiError(
                .tempFail,
                "a person's accumulators that a claim of drop \(dropID) counted changed before its commit: "
                    + "this drop was not committed")
            refused.conflict = .accumulatorsChanged
            return .failure(refused)
        }
        if let claim, answer.first?.int(0) != 1 {
            return .failure(
                YidiError(.tempFail, "the claim on \(claim.file.name) was taken over by another worker: this drop was not committed"))
        }
        return .success(())
    }

    /// Ends the transaction the commit's statement ran in (nothing when it was its own).
    private func finishCommit() throws(YidiError) {
        guard begun else { return }  // the statement was the transaction
        // drop_records needs no release of its own: the commit (or one_drop's release) ends it
        if inGroup {
            try session.execute("RELEASE SAVEPOINT one_drop")
        } else {
            ledger.inTransaction = false
            try session.execute("COMMIT")
        }
    }

    func rollback() throws(YidiError) {
        pending.removeAll()
        pendingSettlementIDs.removeAll()
        accumulatorsRead.removeAll()
        keysHeld.removeAll()
        pendingOutbox.removeAll()
        pendingProvinceFiles.removeAll()
        pendingCounters.removeAll()
        attempt = nil
        guard begun else { return }  // nothing reached the server, or its one statement failed whole
        begun = false
        try Self.undo(ledger, inGroup: inGroup)
    }

    /// Rolls the drop back; a connection already gone took the transaction with it.
    private static func undo(_ ledger: PostgresLedger, inGroup: Bool) throws(YidiError) {
        let session = ledger.session
        if inGroup {
            guard !session.isClosed else { return }
            try session.execute("ROLLBACK TO SAVEPOINT one_drop")
            try session.execute("RELEASE SAVEPOINT one_drop")
        } else {
            ledger.inTransaction = false
            guard !session.isClosed else { return }  // the server rolled it back with the connection
            try session.execute("ROLLBACK")
        }
    }

    // MARK: - Attempts

    func nextAttemptNumber(dropKey: String) throws(YidiError) -> Int {
        if let known = knownHistory, known.key == dropKey { return known.history.nextAttempt }
        try sendAttempt()
        let rows = try session.queryPrepared(
            "SELECT COALESCE(MAX(attempt), 0) + 1 FROM attempt WHERE drop_key = $1",
            parameters: [.value(.text(dropKey))])
        return Int(rows[0].int(0))
    }

    func acceptedAttempt(dropID: String) throws(YidiError) -> AttemptRecord? {
        if let known = knownHistory, known.key == dropID { return known.history.accepted }
        try sendAttempt()
        return try session.queryPrepared(
            "SELECT * FROM attempt WHERE drop_id = $1 AND status = 'accepted'",
            parameters: [.value(.text(dropID))]
        ).first.map(AttemptRecord.init(row:))
    }

    /// One query: the drop's last reads before its write are one round trip. Kept until the
    /// transaction writes an attempt; an acceptance another worker commits meanwhile still meets
    /// the unique key at commit.
    func history(dropKey: String, sha256: String) throws(YidiError) -> DropHistory {
        try sendAttempt()
        let rows = try session.queryPrepared(DropHistory.sql, parameters: [.value(.text(dropKey)), .value(.text(sha256))])
        let history = DropHistory(rows: try rows.map(AttemptRecord.init(row:)), dropKey: dropKey, sha256: sha256)
        knownHistory = (dropKey, history)
        return history
    }

    /// Kept for the commit.
    func record(attempt a: AttemptRecord, errors: [DropError]) throws(YidiError) -> Int64 {
        attempt = (a, errors)
        attemptRecorded = true
        knownHistory = nil
        return attemptID
    }

    /// Kept for the commit.
    func enqueueProvinceFiles() throws(YidiError) {
        for (kind, provinces) in [("settlement", settlementProvinces), ("reimbursement", claimProvinces)] {
            pendingProvinceFiles += provinces.sorted().map { [.int(runID), .text(kind), .text($0)] }
        }
    }

    /// Kept for the commit.
    func addCounters(_ increments: [MetricIncrement]) throws(YidiError) {
        pendingCounters += increments
    }

    /// Kept until the commit, which writes the drop's entries (its moves and acknowledgement)
    /// in one insert, in the order they were enqueued.
    func enqueue(_ task: OutboxEntry.Task, runID: Int64) throws(YidiError) {
        let row = task.columns
        pendingOutbox.append([.int(runID), .text(task.kind.rawValue), .text(row.subject), .text(row.source), .text(row.target)])
    }

    func updateStoredPath(attemptID: Int64, path: String) throws(YidiError) {
        knownHistory = nil
        try begin()
        try session.query("UPDATE attempt SET stored_path = $1 WHERE id = $2", [.text(path), .int(attemptID)])
    }

    /// Writes what ``record(attempt:errors:)`` and the calls after it kept, now, inside the
    /// transaction: something is about to read the attempts.
    private func sendAttempt() throws(YidiError) {
        guard attempt != nil || !pendingOutbox.isEmpty || !pendingProvinceFiles.isEmpty || !pendingCounters.isEmpty else { return }
        try begin()
        var writes = PostgresWrites()
        gatherAttempt(into: &writes, gate: nil)
        try writes.run(on: session)
    }

    /// Adds the kept attempt (its row, or its placeholder's update; the placeholder deleted
    /// when no attempt was recorded), its errors, the province files' and the drop's outbox
    /// entries and the counters to `writes`, each joined to `gate` when there is one.
    private func gatherAttempt(into writes: inout PostgresWrites, gate: String?) {
        let using = gate.map { " FROM \($0)" } ?? ""
        if let kept = attempt {
            let (a, errors) = kept
            let fields: [(String, SQLValue)] = [
                ("drop_key", .text(a.dropKey)), ("drop_id", .text(a.dropID)), ("fixmedins_code", .text(a.institutionCode)),
                ("attempt", .int(a.attempt)), ("run_id", .int(a.runID)), ("file_name", .text(a.fileName)), ("sha256", .text(a.sha256)),
                ("received_at", .text(a.receivedAt)), ("status", .text(a.status.rawValue)), ("kind", .text(a.kind?.rawValue)),
                ("record_cnt", .int(a.recordCount)), ("line_cnt", .int(a.lineCount)), ("medfee_sumamt", .int(Self.fen(a.controlSum))),
                ("error_cnt", .int(a.errorCount)), ("stored_path", .text(a.storedPath))
            ]
            if attemptPlaced {
                let set = fields.map { "\($0.0) = \(writes.bind($0.1))" }.joined(separator: ", ")
                writes.add("UPDATE attempt SET \(set)\(using) WHERE attempt.id = \(writes.bind(.int(attemptID)))")
            } else {
                writes.insert(into: "attempt", columns: ["id"] + fields.map(\.0), rows: [[.int(attemptID)] + fields.map(\.1)], gate: gate)
                attemptPlaced = true
            }
            let rows = errors.enumerated().map { seq, e in e.row(attemptID: attemptID, seq: seq + 1) }
            writes.insert(into: "attempt_error", columns: DropError.columns, rows: rows, gate: gate)
            attempt = nil
        } else if attemptPlaced && !attemptRecorded {
            writes.add("DELETE FROM attempt\(gate.map { " USING \($0)" } ?? "") WHERE attempt.id = \(writes.bind(.int(attemptID)))")
            attemptPlaced = false
        }
        writes.insert(
            into: "outbox", columns: ["run_id", "kind", "subject"], rows: pendingProvinceFiles,
            onConflict: " ON CONFLICT DO NOTHING", gate: gate)
        PostgresLedger.add(pendingCounters, to: &writes, gate: gate)
        writes.insert(into: "outbox", columns: ["run_id", "kind", "subject", "source", "target"], rows: pendingOutbox, gate: gate)
        pendingProvinceFiles.removeAll()
        pendingCounters.removeAll()
        pendingOutbox.removeAll()
    }

    func discardRecords() throws(YidiError) {
        pending.removeAll()
        pendingKeys.removeAll()
        pendingSettlementIDs.removeAll()
        accumulatorsRead.removeAll()  // nothing is accepted on them
        keysHeld.removeAll()  // those taken after `drop_records` are let go with it
        if recordsSavepoint { try session.execute("ROLLBACK TO SAVEPOINT drop_records") }
        settlementProvinces.removeAll()
        claimProvinces.removeAll()
    }
}
