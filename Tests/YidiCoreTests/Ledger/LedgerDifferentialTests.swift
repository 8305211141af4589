import Foundation
import GRDB
import Testing
import YidiTestSupport

@testable import YidiCore

/// Two ledgers, one behaviour: the same generated nights (`scripts/gen-drops scenario`) on
/// SQLite, on PostgreSQL with one worker and with three give the same ledger tables (PostgreSQL
/// copied back with `yidi ledger copy`) and the same output files, but for timestamps — and,
/// with several workers, but for which run did what (run ids, and how records are grouped
/// into per-run province files).
@Suite("The same nights on both ledgers", .enabled(if: TestLedger.server != nil), .serialized)
struct LedgerDifferentialTests {
    /// The scenario: its folder and its steps.
    private static func scenario(in dir: TemporaryDirectory) throws -> (folder: String, steps: [[String]]) {
        let folder = dir.path + "/scenario"
        let out = try YidiBinary.run(["scenario", "--out", folder, "--seed", "17"], executable: Fixtures.repository + "/scripts/gen-drops")
        try #require(out.status == 0, "\(out.stderr)")
        let steps = try String(contentsOfFile: folder + "/steps.tsv", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        return (folder, steps)
    }

    /// Runs every step on a new workspace of `ledger`, each night with `workers` workers.
    private func play(_ scenario: (folder: String, steps: [[String]]), _ ledger: TestLedger, workers: Int) throws -> SampleWorkspace {
        let ws = try SampleWorkspace(drops: [], ledger: ledger)
        for step in scenario.steps {
            switch step[0] {
            case "night":
                let folder = scenario.folder + "/nights/" + step[1]
                for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
                    try FileManager.default.copyItem(atPath: folder + "/" + name, toPath: ws.root + "/inbox/" + name)
                }
                let running = try (0..<workers).map { _ in try YidiBinary.start(["run", "--workspace", ws.root]) }
                for worker in running { worker.waitUntilExit() }
                for worker in running { #expect([0, 1].contains(worker.terminationStatus), "night \(step[1])") }
                #expect(ws.files("inbox").isEmpty, "night \(step[1]) done")
            case "clear", "prepay":
                let option = step[0] == "clear" ? "--period" : "--year"
                let out = try ws.yidi([step[0], option, step[1], "--date", step[2]])
                #expect(out.status == 0, "\(step): \(out.stderr)")
            case "mapping":
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ws.root + "/reference/mapping.csv"))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data((step[1] + "\n").utf8))
                try handle.close()
            case "reprocess":
                let out = try ws.yidi(["reprocess", step[1]])
                #expect(out.status == 0, "\(step): \(out.stderr)")
            default:
                Issue.record("unknown step \(step)")
            }
        }
        return ws
    }

    /// Every ledger table as text rows, sorted, timestamps left out, and the ledger's own row
    /// numbers (attempt ids, record numbers: each ledger counts its own) written as what they
    /// stand for (a drop's attempt, a record's id); with `byRun == false`, also without what
    /// depends on which worker's run did what.
    private func tables(_ ws: SampleWorkspace, byRun: Bool) throws -> [String: [String]] {
        var path = ws.root + "/ledger.sqlite"
        if ws.postgresURL != nil {
            path = ws.dir.path + "/copied.sqlite"
            let out = try ws.yidi(["ledger", "copy", "--to", "sqlite:" + path])
            #expect(out.status == 0, "\(out.stderr)")
        }
        let attempt = { (column: String) in "(SELECT drop_key || '#' || attempt FROM attempt WHERE attempt.id = \(column))" }
        let replaced: [String: [String: String]] = [
            "attempt": ["id": "NULL"],
            "attempt_error": ["attempt_id": attempt("attempt_id")],
            "settlement": ["attempt_id": attempt("attempt_id"), "seq": "NULL"],
            "reversal": ["attempt_id": attempt("attempt_id"), "seq": "NULL"],
            "claim": ["attempt_id": attempt("attempt_id"), "seq": "NULL"],
            "record_detail": [
                "owner_seq":
                    "COALESCE((SELECT setl_id FROM settlement WHERE seq = owner_seq), (SELECT claim_id FROM claim WHERE seq = owner_seq))"
            ],
            "outbox": [
                "id": "NULL", "subject": "CASE WHEN kind IN ('ack', 'move') THEN \(attempt("CAST(subject AS INTEGER)")) ELSE subject END"
            ]
        ]
        var left: Set<String> = ["last_duration_ms", "done_at", "failures", "last_error"]
        if !byRun { left.formUnion(["run_id"]) }
        let queue = try DatabaseQueue(path: path)
        var result: [String: [String]] = [:]
        try queue.read { db in
            // with several workers, runs and the outbox rows of their province files are per worker
            for (table, _) in LedgerCopy.tables where byRun || !["run", "run_reference", "counter", "outbox"].contains(table) {
                let columns = try db.columns(in: table).map(\.name).filter { !$0.hasSuffix("_at") && !left.contains($0) }
                let select = columns.map { "quote(\(replaced[table]?[$0] ?? $0.quotedDatabaseIdentifier))" }.joined(
                    separator: " || '|' || ")
                result[table] = try String.fetchAll(db, sql: "SELECT \(select) FROM \(table.quotedDatabaseIdentifier)").sorted()
            }
        }
        return result
    }

    /// Every file under `outbox/`, `archive/` and `rejected/`: its path and its text (a gzip
    /// file inflated), timestamps written as `T`.
    private func outputs(_ ws: SampleWorkspace) throws -> [String: String] {
        var result: [String: String] = [:]
        for folder in ["outbox", "archive", "rejected"] {
            for file in ws.files(folder) {
                let path = ws.root + "/" + folder + "/" + file
                // the drops themselves are moved unchanged: their names and sizes
                guard folder == "outbox" else {
                    result[folder + "/" + file] = String(Paths.size(of: path))
                    continue
                }
                var text =
                    file.hasSuffix(".gz")
                    ? String(decoding: try gunzip(path), as: UTF8.self)
                    : try String(contentsOfFile: path, encoding: .utf8)
                for element in ["received_at", "created_at"] {
                    text = text.replacing(try Regex("<\(element)>[^<]*</\(element)>"), with: "<\(element)>T</\(element)>")
                }
                result[folder + "/" + file] = text
            }
        }
        return result
    }

    /// The records of each insured province's files, whichever run's file holds them.
    private func recordsByProvince(_ outputs: [String: String]) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        let record = try Regex("<(setl|setl_revs|claim)>[\\s\\S]*?</\\1>")
        for (path, text) in outputs where path.hasPrefix("outbox/settlement/") || path.hasPrefix("outbox/reimbursement/") {
            let province = path.split(separator: "/")[2]
            result["\(path.split(separator: "/")[1])/\(province)", default: []] += text.matches(of: record).map { String(text[$0.range]) }
        }
        return result.mapValues { $0.sorted() }
    }

    /// Records the rows only one side has (a few of each), not the whole tables.
    private static func compare(_ a: [String]?, _ b: [String]?, _ table: String) {
        guard a != b else { return }
        let (left, right) = (Set(a ?? []), Set(b ?? []))
        Issue.record(
            """
            table \(table): \(a?.count ?? 0) and \(b?.count ?? 0) rows; only in the first: \(left.subtracting(right).sorted().prefix(3)); \
            only in the second: \(right.subtracting(left).sorted().prefix(3))
            """)
    }

    @Test func sqliteAndOnePostgresWorkerGiveTheSameLedgerAndFiles() throws {
        let dir = TemporaryDirectory()
        let scenario = try Self.scenario(in: dir)
        let sqlite = try play(scenario, .sqlite, workers: 1)
        let postgres = try play(scenario, .postgres, workers: 1)
        let (a, b) = (try tables(sqlite, byRun: true), try tables(postgres, byRun: true))
        #expect(a.keys.sorted() == b.keys.sorted())
        for table in a.keys.sorted() { Self.compare(a[table], b[table], table) }
        #expect(a["reversal"]?.count == 6 && a["claim"]?.count == 9, "the scenario's reversals and claims")
        let (x, y) = (try outputs(sqlite), try outputs(postgres))
        #expect(x.keys.sorted() == y.keys.sorted())
        for path in x.keys.sorted() where x[path] != y[path] { Issue.record("\(path) differs") }
    }

    @Test func threePostgresWorkersGiveTheOneWorkerLedgerAndRecords() throws {
        let dir = TemporaryDirectory()
        let scenario = try Self.scenario(in: dir)
        let one = try play(scenario, .sqlite, workers: 1)
        let three = try play(scenario, .postgres, workers: 3)
        let (a, b) = (try tables(one, byRun: false), try tables(three, byRun: false))
        for table in a.keys.sorted() { Self.compare(a[table], b[table], table) }
        let (x, y) = (try outputs(one), try outputs(three))
        #expect(try recordsByProvince(x) == recordsByProvince(y))
        // acknowledgements but for their run, clearing and prepayment byte for byte
        let runID = try Regex("<run_id>[0-9]+</run_id>")
        for path in x.keys.sorted() where !path.hasPrefix("outbox/settlement/") && !path.hasPrefix("outbox/reimbursement/") {
            #expect(x[path]?.replacing(runID, with: "") == y[path]?.replacing(runID, with: ""), "\(path)")
        }
    }
}
