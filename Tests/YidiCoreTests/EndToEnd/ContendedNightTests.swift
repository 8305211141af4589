import Foundation
import Testing

@testable import YidiCore

#if canImport(Glibc)
    import Glibc
#endif

/// Several PostgreSQL workers on a night in which a few persons have settlements, reversals and
/// claims at every hospital (`scripts/gen-drops contended`): no worker fails on a deadlock, and
/// every claim counts exactly what was committed before it in the ledger's order.
@Suite("Several workers on persons seen at every hospital", .enabled(if: TestLedger.server != nil), .serialized)
struct ContendedNightTests {
    /// The claims whose accumulators are not the sums of the same person's records committed
    /// before them (records numbered at their commit, under the key's lock): settlements not
    /// reversed by then, and claims.
    static let auditQuery = """
        SELECT c.claim_id FROM claim c
        WHERE (c.cum_dedc_before, c.cum_fund_before) IS DISTINCT FROM (
          SELECT (COALESCE(SUM(e.d), 0)::bigint, COALESCE(SUM(e.f), 0)::bigint) FROM (
            SELECT s.act_pay_dedc AS d, s.hifp_pay AS f FROM settlement s
            WHERE s.psn_no = c.psn_no AND s.insu_admdvs = c.insu_admdvs AND s.insutype = c.insutype
              AND s.med_type = c.med_type AND s.year = c.year AND (c.med_type <> '14' OR s.dise_codg = c.dise_codg)
              AND s.seq < c.seq AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.orig_setl_id = s.setl_id AND r.seq < c.seq)
            UNION ALL
            SELECT o.act_pay_dedc, o.hifp_pay FROM claim o
            WHERE o.psn_no = c.psn_no AND o.insu_admdvs = c.insu_admdvs AND o.insutype = c.insutype
              AND o.med_type = c.med_type AND o.year = c.year AND (c.med_type <> '14' OR o.dise_codg = c.dise_codg)
              AND o.seq < c.seq) AS e)
        ORDER BY c.claim_id
        """

    private func night(workers: Int, lease: Int = 30) throws -> (SampleWorkspace, [YidiBinary.Output]) {
        let ws = try SampleWorkspace(drops: [], ledger: .postgres)
        let generated = ws.dir.path + "/contended"
        let gen = try YidiBinary.run(
            ["contended", "--out", generated, "--persons", "3", "--others", "8"],
            executable: Fixtures.repository + "/scripts/gen-drops")
        try #require(gen.status == 0, "\(gen.stderr)")
        for name in try FileManager.default.contentsOfDirectory(atPath: generated + "/inbox") {
            try FileManager.default.copyItem(atPath: generated + "/inbox/" + name, toPath: ws.root + "/inbox/" + name)
        }
        // the workers at once, each one's stderr into a file of its own
        let workersRunning = try (0..<workers).map { n -> (Process, String) in
            let log = ws.dir.path + "/worker-\(n).err"
            #expect(FileManager.default.createFile(atPath: log, contents: nil))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: YidiBinary.path)
            process.arguments = ["run", "--workspace", ws.root]
            process.environment = ProcessInfo.processInfo.environment.merging(["YIDI_CLAIM_LEASE_SECONDS": String(lease)]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            try process.run()
            return (process, log)
        }
        var outputs: [YidiBinary.Output] = []
        for (process, log) in workersRunning {
            process.waitUntilExit()
            outputs.append(
                YidiBinary.Output(
                    status: process.terminationStatus, stdout: "",
                    stderr: try String(contentsOfFile: log, encoding: .utf8)))
        }
        return (ws, outputs)
    }

    @Test func fourWorkersNeitherDeadlockNorCountAReversedSettlement() throws {
        for round in 0..<3 {
            let (ws, outputs) = try night(workers: 4, lease: 6)
            for out in outputs {
                #expect([0, 1].contains(out.status), "round \(round): \(out.stderr.suffix(600))")
                #expect(!out.stderr.contains("deadlock") && !out.stderr.contains("taken over"), "round \(round)")
            }
            #expect(ws.files("inbox").isEmpty, "round \(round)")
            let ledger = try ws.ledger()
            #expect(try TestLedger.rows(Self.auditQuery, in: ledger).isEmpty, "round \(round): claims that counted the wrong records")
            let claims = try TestLedger.rows("SELECT count(*) FROM claim", in: ledger)
            #expect(claims == [["198"]], "\(claims)")
            #expect(try TestLedger.rows("SELECT count(*) FROM reversal", in: ledger) == [["12"]])
            // every drop known by its drop_id, once, accepted with its records (a drop assessed
            // again reads its file anew)
            let attempts = try TestLedger.rows("SELECT drop_key, attempt, status, record_cnt FROM attempt ORDER BY drop_key", in: ledger)
            #expect(
                attempts.count == 36 && attempts.allSatisfy { !$0[0].hasPrefix("_unknown") && $0[1] == "1" && $0[2] == "accepted" },
                "round \(round): \(attempts.filter { $0[0].hasPrefix("_unknown") || $0[1] != "1" || $0[2] != "accepted" })")
        }
    }

    /// A worker stopped (SIGSTOP, a frozen VM) in the middle of a drop's transaction, holding a
    /// person's key: the server ends its transaction once it has idled for the lease, and the
    /// other workers get the key then, not after twice the lease or the server's default.
    @Test(.tags(.timing)) func aPausedWorkersLocksAreReleasedWithinTheLease() throws {
        let url = try TestLedger.makeDatabase()
        defer { TestLedger.dropDatabase(url) }
        let lease = 2
        let paused = try PostgresLedger(url: url)
        let runID = try paused.startRun(command: "run", startedAt: .nowInChina(), referenceHashes: [])
        try paused.holdRun(runID, idleLimitSeconds: max(2, lease))  // as NightlyRun does for a lease of 2 s
        let key: [SQLValue] = [.text("P1\u{1F}110105\u{1F}310\u{1F}11\u{1F}2025\u{1F}")]
        try paused.session.execute("BEGIN")
        try paused.session.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)
        // the worker now does nothing, its transaction open; another worker wants the key
        let other = try PostgresSession(url: url)
        let start = ContinuousClock.now
        try other.execute("BEGIN")
        try other.execute("SET LOCAL lock_timeout = '\(lease * 4)s'")
        try other.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)
        let waited = ContinuousClock.now - start
        try other.execute("COMMIT")
        #expect(waited < .seconds(lease + 2), "waited \(waited)")
        let ended = #expect(throws: YidiError.self, "the paused worker's connection was ended") { try paused.session.query("SELECT 1") }
        // the server's "idle-in-transaction timeout" (25P03) or a closed connection: either way
        // the worker is to try again (75), never an I/O error (74)
        #expect(ended?.kind == .tempFail, "\(ended?.message ?? "")")
    }

    @Test func oneWorkerGivesTheSameAudit() throws {
        let (ws, outputs) = try night(workers: 1)
        #expect(outputs.map(\.status) == [0])
        #expect(try TestLedger.rows(Self.auditQuery, in: try ws.ledger()).isEmpty)
    }
}
