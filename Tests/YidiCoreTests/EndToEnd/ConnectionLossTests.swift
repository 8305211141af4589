import Foundation
import Testing

@testable import YidiCore

/// operations.md: a worker that loses its connection mid-drop rolls the drop back and exits
/// 75; the next run finishes the night.
@Suite("PostgreSQL: a connection lost mid-drop", .serialized, .enabled(if: TestLedger.server != nil))
struct ConnectionLossTests {
    @Test func theDropRollsBackTheWorkerExits75AndTheNextRunFinishes() throws {
        let dir = TemporaryDirectory()
        let gen = Process()
        gen.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let big = "H44010600001-20251112-L07.xml.gz"  // one big drop: 3 000 settlements of one hospital
        gen.arguments = [
            "python3", Fixtures.repository + "/scripts/gen-drops", "large", "--out", dir.path + "/" + big,
            "--settlements", "3000"
        ]
        gen.standardOutput = FileHandle.nullDevice
        try gen.run()
        gen.waitUntilExit()
        #expect(gen.terminationStatus == 0)
        let ws = try SampleWorkspace(drops: [], ledger: .postgres)
        try FileManager.default.copyItem(atPath: dir.path + "/" + big, toPath: ws.root + "/inbox/" + big)
        let url = try #require(ws.postgresURL)
        let worker = try MultiWorkerTests.startWorker(ws)
        // once the drop's transaction is open, every connection of the worker is cut
        let admin = try PostgresSession(url: try TestLedger.requireServer())
        let watcher = try PostgresSession(url: url)
        let database = String(url.split(separator: "/").last!)
        var cut = 0
        let deadline = Date().addingTimeInterval(180)
        while cut == 0 && worker.isRunning && Date() < deadline {
            usleep(20_000)
            // the drop's own transaction: a transaction that has written to `attempt` (its reserved
            // attempt row) once the run's row is committed; the migrations come before the run, and
            // the registration and the claims write only `inbox_claim`
            // (a lock on a relation of the workspace's database is named from a session on it)
            let open = try watcher.query(
                """
                SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.pid <> pg_backend_pid() AND c.relname = 'attempt' AND l.mode = 'RowExclusiveLock'
                """)[0].int(0)
            guard open > 0, try watcher.query("SELECT COUNT(*) FROM run")[0].int(0) > 0 else { continue }
            cut = Int(
                try admin.query(
                    "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1",
                    [.text(database)])[0].int(0))
        }
        worker.waitUntilExit()
        #expect(cut > 0, "the drop's transaction was seen and cut")
        #expect(worker.terminationStatus == 75)
        let ledger = try ws.ledger()
        #expect(try TestLedger.count("settlement", runID: 1, in: ledger) == 0, "nothing of the drop was committed")
        #expect(try ledger.attempts(runID: 1).isEmpty && ws.files("inbox") == [big])
        #expect(try ws.yidi(["run"], environment: ["YIDI_CLAIM_LEASE_SECONDS": "2"]).status == 0)
        #expect(try TestLedger.count("settlement", runID: 2, in: ledger) == 3000 && ws.files("inbox").isEmpty)
    }
}
