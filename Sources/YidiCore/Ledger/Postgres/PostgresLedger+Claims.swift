import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Claims on inbox files for several workers (operations.md): a row per file in
/// `inbox_claim`, claimed with `FOR UPDATE SKIP LOCKED` and a lease the worker renews from a
/// second connection; an expired lease is taken over, and the fence it raises keeps the
/// previous holder from committing (``PostgresDropTransaction/commit()``).
extension PostgresLedger: InboxClaims {
    /// The advisory lock key that marks run `id` live (held by its worker's connection).
    static func runKey(_ id: Int64) -> Int64 { 0x7969_6469_0100_0000 | id }

    func unknownInboxKeys(_ keys: [String]) throws(YidiError) -> Set<String> {
        guard !keys.isEmpty else { return [] }
        let known = Set(
            try session.query(
                "SELECT file_key FROM inbox_claim WHERE file_key = ANY($1::text[])",
                parameters: [.column(.texts(keys))]
            ).map { $0.text(0) })
        return Set(keys).subtracting(known)
    }

    func register(_ files: [InboxFile]) throws(YidiError) {
        try PostgresBatch.insert(
            into: "inbox_claim", columns: ["file_key", "file_name", "hospital"],
            rows: files.map { [.text($0.key), .text($0.name), .text($0.hospital)] }, session: session,
            onConflict: " ON CONFLICT (file_key) DO NOTHING")
    }

    func claimNext(worker: String, runID: Int64, leaseSeconds: Int, skipping: [String]) throws(YidiError) -> InboxClaim? {
        // one statement, one round trip: the first open file of each hospital (`head`, one index
        // probe per hospital with open files: a skip scan of `inbox_claim_open`, so that a claim
        // costs the same early and late in a night), unless a live claim holds it; skip what
        // another worker is claiming at this instant.
        // On a connection of its own: the claim does not see a commit that is not answered
        // yet, whose row lock and live lease keep its file (and its hospital) from being claimed.
        guard
            let row = try claimingSession().queryPrepared(
                """
                UPDATE inbox_claim SET worker = $2, leased_until = clock_timestamp() + make_interval(secs => $3), fence = fence + 1,
                                       run_id = $4
                WHERE file_key = (
                    WITH RECURSIVE head AS (
                        (SELECT hospital, file_key FROM inbox_claim WHERE NOT done ORDER BY hospital, file_name COLLATE "C" LIMIT 1)
                        UNION ALL
                        SELECT n.hospital, n.file_key FROM head h, LATERAL (
                            SELECT o.hospital, o.file_key FROM inbox_claim o WHERE NOT o.done AND o.hospital > h.hospital
                            ORDER BY o.hospital, o.file_name COLLATE "C" LIMIT 1) n)
                    SELECT c.file_key FROM head JOIN inbox_claim c ON c.file_key = head.file_key
                    WHERE NOT c.done AND c.hospital <> ALL($5) AND (c.leased_until IS NULL OR c.leased_until < clock_timestamp()
                                          OR NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objsubid = 1
                                                         AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                                         AND ((l.classid::bigint << 32) | l.objid::bigint) = $1 + c.run_id))
                    ORDER BY c.file_name COLLATE "C" LIMIT 1 FOR UPDATE OF c SKIP LOCKED)
                \(Self.unsyncedAlone)
                RETURNING file_key, file_name, hospital, fence
                """,
                parameters: [
                    .value(.int(Self.runKey(0))), .value(.text(worker)), .value(.int(leaseSeconds)),
                    .value(.int(runID)), .column(.texts(skipping))
                ]
            ).first
        else { return nil }
        return InboxClaim(file: InboxFile(name: row.text(1), key: row.text(0), hospital: row.text(2)), fence: row.int(3))
    }

    /// The connection claims are made on (opened on first use).
    private func claimingSession() throws(YidiError) -> PostgresSession {
        if let open = claimSession { return open }
        let opened = try PostgresSession(url: url)
        claimSession = opened
        return opened
    }

    func doneInboxKeys(among keys: [String]) throws(YidiError) -> Set<String> {
        guard !keys.isEmpty else { return [] }
        // on the claims' connection: the worker's own may have a commit in flight
        return Set(
            try claimingSession().query(
                "SELECT file_key FROM inbox_claim WHERE done AND file_key = ANY($1::text[])",
                parameters: [.column(.texts(keys))]
            ).map { $0.text(0) })
    }

    func holds(_ claim: InboxClaim) throws(YidiError) -> Bool {
        try session.query(
            "SELECT EXISTS (SELECT 1 FROM inbox_claim WHERE file_key = $1 AND fence = $2 AND NOT done)",
            [.text(claim.file.key), .int(claim.fence)])[0].int(0) != 0
    }

    func openClaimsRemain() throws(YidiError) -> Bool {
        try session.query("SELECT EXISTS (SELECT 1 FROM inbox_claim WHERE NOT done)")[0].int(0) != 0
    }

    func endClaim(_ claim: InboxClaim, processed: Bool) throws(YidiError) {
        let key: [SQLValue] = [.text(claim.file.key), .int(claim.fence)]
        if processed {
            try session.query("UPDATE inbox_claim SET done = true, leased_until = NULL WHERE file_key = $1 AND fence = $2", key)
        } else {
            try session.query("DELETE FROM inbox_claim WHERE file_key = $1 AND fence = $2", key)
        }
    }

    func holdRun(_ runID: Int64, idleLimitSeconds: Int) throws(YidiError) {
        try session.query("SELECT pg_advisory_lock($1)", [.int(Self.runKey(runID))])
        try session.query("SELECT set_config('idle_in_transaction_session_timeout', $1, false)", [.text("\(idleLimitSeconds)s")])
    }

    func liveRuns() throws(YidiError) -> Set<Int64> {
        let base = Self.runKey(0)
        return Set(
            try session.query(
                """
                SELECT ((classid::bigint << 32) | objid::bigint) - $1 FROM pg_locks
                WHERE locktype = 'advisory' AND objsubid = 1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((classid::bigint << 32) | objid::bigint) > $1
                """, [.int(base)]
            ).map { $0.int(0) })
    }

    func ifNobodyElseReplays(_ body: () throws(YidiError) -> Void) throws(YidiError) {
        guard try session.query("SELECT pg_try_advisory_lock($1)", [.int(PostgresLocks.replay)])[0].int(0) != 0 else { return }
        defer {
            // the lock goes with the connection if this fails
            _ = try? session.query("SELECT pg_advisory_unlock($1)", [.int(PostgresLocks.replay)])
        }
        try body()
    }

    func leaseKeeper(for claim: InboxClaim, leaseSeconds: Int) throws(YidiError) -> any LeaseKeeper {
        let session: PostgresSession
        if let idle = idleLeaseSessions.popLast() { session = idle } else { session = try PostgresSession(url: url) }
        return try PostgresLeaseKeeper(session: session, claim: claim, leaseSeconds: leaseSeconds) { [weak self] in
            self?.idleLeaseSessions.append($0)
        }
    }

    /// Refuses (75) while a run holds the ledger, or holds it for `clear`, `prepay` and
    /// `reprocess` until the process ends; `yidi run` workers share it.
    func holdNight(shared: Bool, command: String) throws(YidiError) {
        if shared {
            try session.query("SELECT pg_advisory_lock_shared($1)", [.int(PostgresLocks.night)])
            return
        }
        guard try session.query("SELECT pg_try_advisory_lock($1)", [.int(PostgresLocks.night)])[0].int(0) != 0 else {
            throw YidiError(
                .tempFail, "ledger \(place): a run (or another \(command)) is working on the ledger; try again when it has finished")
        }
    }
}

/// Renews one claim's lease every third of the lease, on a connection of its own (taken from
/// the worker's idle lease connections and handed back when it stops) and a thread of its own.
final class PostgresLeaseKeeper: LeaseKeeper, @unchecked Sendable {
    // @unchecked: `session` is used by the renewing thread only, until `stop()` has joined it
    private let session: PostgresSession
    private let state = Locked<(stopped: Bool, lost: Bool)>((false, false))
    /// Signalled by ``stop()``: the renewing thread wakes at once rather than at its next turn.
    private let wake = DispatchSemaphore(value: 0)
    private var thread: SpawnedThread<Void>?
    /// Takes the connection back once the keeper has stopped, unless a renewal failed on it.
    private let handBack: (PostgresSession) -> Void

    init(
        session: PostgresSession, claim: InboxClaim, leaseSeconds: Int,
        handBack: @escaping (PostgresSession) -> Void
    ) throws(YidiError) {
        self.session = session
        self.handBack = handBack
        session.deadlineSeconds = max(1, leaseSeconds / 3)
        let pause = max(1, leaseSeconds * 1000 / 3)
        thread = spawn(name: "yidi-lease") { [self] in
            while wake.wait(timeout: .now() + .milliseconds(pause)) == .timedOut, !state.withLock({ $0.stopped }) {
                let renewed = try? self.session.query(
                    """
                    UPDATE inbox_claim SET leased_until = clock_timestamp() + make_interval(secs => $1)
                    WHERE file_key = $2 AND fence = $3 AND NOT done
                    """, [.int(leaseSeconds), .text(claim.file.key), .int(claim.fence)])  // a failure is a lost lease: noted below
                if renewed == nil { state.withLock { $0.lost = true } }
            }
        }
    }

    @discardableResult
    func stop() -> Bool {
        guard let thread else { return !state.withLock { $0.lost } }
        state.withLock { $0.stopped = true }
        wake.signal()
        thread.join()
        self.thread = nil
        let held = !state.withLock { $0.lost }
        if held { handBack(session) }  // a connection that failed a renewal is closed, not reused
        return held
    }

    deinit { stop() }
}
