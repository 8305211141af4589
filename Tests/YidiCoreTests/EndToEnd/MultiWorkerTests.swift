import Foundation
import Testing

@testable import YidiCore

/// operations.md, "Several workers on one PostgreSQL ledger": three `yidi run` workers on one
/// night give the one-worker answer — with workers killed and restarted, and with the server
/// restarted mid-night.
@Suite("Several workers on one PostgreSQL ledger", .serialized, .enabled(if: TestLedger.server != nil))
struct MultiWorkerTests {
    /// A generated night of many hospitals' small drops (7 hospitals, 60 drops), made once and
    /// kept in memory by file name (their folder is removed at once).
    static let generated: [(name: String, bytes: Data)] = {
        let dir = NSTemporaryDirectory() + "yidi-many-" + UUID().uuidString
        defer { try! FileManager.default.removeItem(atPath: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Fixtures.repository + "/scripts/gen-drops", "many", "--out", dir, "--drops", "60",
            "--settlements-per-drop", "2"
        ]
        process.standardOutput = FileHandle.nullDevice
        try! process.run()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "gen-drops failed")
        return (try! FileManager.default.contentsOfDirectory(atPath: dir + "/many")).sorted().map {
            ($0, FileManager.default.contents(atPath: dir + "/many/" + $0)!)
        }
    }()

    /// The sample night and the generated one in one inbox.
    static func prepare(_ ledger: TestLedger) throws -> SampleWorkspace {
        let ws = try SampleWorkspace(ledger: ledger)
        for file in generated {
            try file.bytes.write(to: URL(fileURLWithPath: ws.root + "/inbox/" + file.name))
        }
        return ws
    }

    /// What a night must come to, whoever did it: every attempt with its codes, every record
    /// in its province's files, and the clearing files of every month, byte for byte.
    struct NightResult: Equatable {
        var attempts: [String] = []
        var provinceFiles: [String: [String]] = [:]
        var clearing: [String: Data] = [:]
        var inbox: [String] = []

        init(_ ws: SampleWorkspace) throws {
            let ledger = try ws.ledger()
            var all: [AttemptRecord] = []
            for run in try ledger.latestRuns(limit: 1000) { all += try ledger.attempts(runID: run.id) }
            for a in all {
                let codes = try ledger.errors(attemptID: a.id).map(\.code.rawValue).joined(separator: ",")
                attempts.append("\(a.dropKey)#\(a.attempt) \(a.status.rawValue) \(a.recordCount) \(a.controlSum) \(codes)")
            }
            attempts.sort()
            provinceFiles = try ProvinceFilesContent(workspace: ws.root).records
            inbox = ws.files("inbox")
            for period in try ledger.periodsWithEntries() {
                let next = period.next
                let out = try ws.yidi(["clear", "--period", period.description, "--date", "\(next.description)-20"])
                #expect(out.status == 0, "clear \(period): \(out.stderr)")
            }
            for file in ws.files("outbox/clearing") {
                clearing[file] = try Data(contentsOf: URL(fileURLWithPath: ws.root + "/outbox/clearing/" + file))
            }
        }
    }

    /// The one-worker SQLite night of the same drops.
    static let reference: NightResult = {
        let ws = try! prepare(.sqlite)
        let out = try! ws.yidi(["run"])
        precondition(out.status == 1, out.stderr)
        return try! NightResult(ws)
    }()

    /// Starts a worker without waiting for it.
    static func startWorker(_ ws: SampleWorkspace, lease: Int = 2) throws -> Process {
        try YidiBinary.start(["run", "--workspace", ws.root], environment: ["YIDI_CLAIM_LEASE_SECONDS": String(lease)])
    }

    /// Runs workers one after another until one ends by itself with the night done.
    static func finishNight(_ ws: SampleWorkspace, _ label: String) throws {
        for _ in 0..<5 {
            let out = try ws.yidi(["run"], environment: ["YIDI_CLAIM_LEASE_SECONDS": "2"])
            if out.status == 0 || out.status == 1 { return }
            #expect(out.status == 75, "\(label): \(out.stderr)")
        }
        Issue.record("\(label): the night did not finish")
    }

    @Test func threeWorkersGiveTheOneWorkerNight() throws {
        #expect(Self.reference.attempts.count == 51 + Self.generated.count)
        #expect(!Self.reference.attempts.contains { $0.contains("B002") }, "the generated ids do not collide with the sample's")
        let ws = try Self.prepare(.postgres)
        let workers = try (0..<3).map { _ in try Self.startWorker(ws) }
        for worker in workers {
            worker.waitUntilExit()
            #expect(worker.terminationStatus == 1, "each worker saw rejected drops of its own or none: \(worker.terminationStatus)")
        }
        let result = try NightResult(ws)
        #expect(result == Self.reference)
        #expect(result.inbox.isEmpty && ws.files("outbox/ack").count == Self.reference.attempts.count)
        let runs = try ws.ledger().latestRuns(limit: 10).filter { $0.command == "run" }
        #expect(runs.count == 3 && runs.allSatisfy { try! !ws.ledger().attempts(runID: $0.id).isEmpty }, "all three worked")
    }

    /// While a run works on the ledger, `clear`, `prepay`, `reprocess` and `ledger copy` refuse
    /// with 75 at once; another run is welcome.
    @Test func otherCommandsRefuse75WhileARunWorks() throws {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz"], ledger: .postgres)
        do {
            let run = try PostgresLedger(url: try #require(ws.postgresURL))
            try run.holdNight(shared: true, command: "run")  // what a worker holds for its night
            for arguments in [
                ["clear", "--period", "2025-10", "--date", "2025-11-20"], ["prepay", "--year", "2026"],
                ["reprocess", "H11010200001-20251005-01"], ["ledger", "copy", "--to", "sqlite:c.sqlite"]
            ] {
                let out = try ws.yidi(arguments)
                #expect(out.status == 75 && out.stderr.contains("a run"), "\(arguments[0]): \(out.stderr)")
            }
            #expect(try ws.yidi(["run"]).status == 0, "a second worker shares the night")
            withExtendedLifetime(run) {}
        }
        #expect(try ws.yidi(["clear", "--period", "2025-10", "--date", "2025-11-20"]).status == 0, "once no run works")
    }

    @Test func workersKilledAtRandomAndRestartedGiveTheSameNight() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3 {
            let ws = try Self.prepare(.postgres)
            var workers = try (0..<3).map { _ in try Self.startWorker(ws) }
            for _ in 0..<2 {
                usleep(UInt32.random(in: 50_000...700_000, using: &generator))
                let victim = Int.random(in: 0..<workers.count, using: &generator)
                kill(workers[victim].processIdentifier, SIGKILL)
                workers[victim].waitUntilExit()
                workers[victim] = try Self.startWorker(ws)  // restarted at once
            }
            for worker in workers { worker.waitUntilExit() }
            try Self.finishNight(ws, "round \(round)")
            #expect(try NightResult(ws) == Self.reference, "round \(round)")
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["PG_SCRATCH_DIR"] != nil))
    func theServerRestartedMidNight() throws {
        let ws = try Self.prepare(.postgres)
        let workers = try (0..<3).map { _ in try Self.startWorker(ws) }
        usleep(400_000)
        let env = ProcessInfo.processInfo.environment
        let dir = env["PG_SCRATCH_DIR"]!
        // through the shell: Foundation's Process does not see pg_ctl end while the server it
        // started lives on. With every descriptor but the standard ones closed (python's
        // `close_fds`): `system` forks this process, and a server that inherited the pipe of
        // another test's `yidi` would keep that test reading its output forever
        let pgctl = "\(env["PG_SCRATCH_BIN"]!)/pg_ctl -D \(dir)/data -l \(dir)/log -m immediate -w restart"
        let closing = "python3 -c 'import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:], close_fds=True))'"
        #expect(system("\(closing) \(getuid() == 0 ? "runuser -u postgres -- " : "")\(pgctl) </dev/null >/dev/null 2>&1") == 0)
        for worker in workers {
            worker.waitUntilExit()
            #expect([0, 1, 75].contains(worker.terminationStatus), "a worker that lost its connection exits 75")
        }
        try Self.finishNight(ws, "after the restart")
        #expect(try NightResult(ws) == Self.reference)
    }
}
