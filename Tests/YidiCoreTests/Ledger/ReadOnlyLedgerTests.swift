import Foundation
import GRDB
import Testing

@testable import YidiCore

#if canImport(Glibc)
    import Glibc
#endif

/// The auditor's copy: `status`, `explain` and `report` read a ledger without writing it,
/// whatever state the copy was taken in (a write-ahead log beside it, a read-only folder).
@Suite("Read-only commands on a copy of the ledger", .enabled(if: TestLedger.current == .sqlite), .serialized)
struct ReadOnlyLedgerTests {
    /// A copy of a sample night's workspace taken while a writer held the ledger open, its last
    /// transaction still only in the write-ahead log; the copy's files made read-only.
    private func copyTakenMidWrite() throws -> (SampleWorkspace, copy: String) {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz", "2025-10-11-H11010800002-01.xml.gz"])
        #expect(try ws.yidi(["run"]).status == 0)
        let copy = ws.dir.path + "/copy"
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        let writer = try DatabaseQueue(path: ws.root + "/ledger.sqlite", configuration: config)
        try writer.write { db in try db.execute(sql: "UPDATE run SET command = 'run-in-the-log' WHERE id = 1") }
        try FileManager.default.copyItem(atPath: ws.root, toPath: copy)
        try writer.close()
        #expect(FileManager.default.fileExists(atPath: copy + "/ledger.sqlite-wal"), "the copy holds a write-ahead log")
        try? FileManager.default.removeItem(atPath: copy + "/ledger.sqlite-shm")
        for file in ["ledger.sqlite", "ledger.sqlite-wal"] { chmod(copy + "/" + file, 0o444) }
        chmod(copy, 0o555)
        return (ws, copy)
    }

    /// Runs yidi as someone who may only read the copy: as root (whom file modes do not stop),
    /// as `nobody` through runuser, from a copy of the binary in `folder` (the build folder may
    /// sit where `nobody` cannot reach it).
    private func asReader(_ arguments: [String], binaryIn folder: String) throws -> YidiBinary.Output {
        guard getuid() == 0 else { return try YidiBinary.run(arguments) }
        let binary = folder + "/yidi"
        if !FileManager.default.fileExists(atPath: binary) {
            try FileManager.default.copyItem(atPath: YidiBinary.path, toPath: binary)
            chmod(binary, 0o755)
        }
        return try YidiBinary.run(arguments, executable: "/usr/sbin/runuser", prefix: ["-u", "nobody", "--", binary])
    }

    @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")))
    func statusReportAndExplainReadTheCopyAndLeaveItAsItWas() throws {
        let (ws, copy) = try copyTakenMidWrite()
        defer { chmod(copy, 0o755) }
        // the reader can reach the copy and write only its report
        chmod(ws.dir.path, 0o755)
        let reports = ws.dir.path + "/reports"
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        chmod(reports, 0o777)
        let before = try FileManager.default.contentsOfDirectory(atPath: copy).sorted()
        let ledgerBytes = try Data(contentsOf: URL(fileURLWithPath: copy + "/ledger.sqlite"))
        let walBytes = try Data(contentsOf: URL(fileURLWithPath: copy + "/ledger.sqlite-wal"))
        let status = try asReader(["status", "--run", "1", "--workspace", copy], binaryIn: ws.dir.path)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("run-in-the-log"), "the log's transaction is read: \(status.stdout)")
        let report = try asReader(
            ["report", "--period", "2025-10", "--out", reports + "/r.html", "--workspace", copy],
            binaryIn: ws.dir.path)
        #expect(report.status == 0, "\(report.stderr)")
        let explain = try asReader(["explain", "S110102000012510050001", "--workspace", copy], binaryIn: ws.dir.path)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(!explain.stderr.contains("readonly") && !explain.stderr.contains("unable to open"))
        let after = try FileManager.default.contentsOfDirectory(atPath: copy).sorted()
        #expect(after == before, "nothing created")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy + "/ledger.sqlite")) == ledgerBytes)
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy + "/ledger.sqlite-wal")) == walBytes)
    }

    @Test func readingCommandsOutsideAWorkspaceSaySoAndCreateNothing() throws {
        let dir = TemporaryDirectory()
        for command in [["status"], ["status", "--period", "2025-10"], ["report", "--period", "2025-10"], ["explain", "S1"]] {
            let out = try YidiBinary.run(command + ["--workspace", dir.path])
            #expect(out.status == 66 && out.stderr.contains("不是工作区") && out.stderr.contains("yidi init"), "\(command): \(out.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "no ledger, metrics or report left behind")
        let missing = try YidiBinary.run(["status", "--workspace", dir.path + "/nonexistent"])
        #expect(missing.status == 66 && missing.stderr.contains("不是工作区") && !missing.stderr.contains("SQLite"))
    }

    @Test func aWorkspaceBeforeItsFirstRunReadsAsEmptyAndGetsNoLedger() throws {
        let ws = try SampleWorkspace(drops: [])
        let out = try ws.yidi(["status", "--lang", "en", "--period", "2025-10"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws.root + "/ledger.sqlite"), "a reading command creates no ledger")
        #expect(try ws.yidi(["run"]).status == 0, "the first run creates it")
        #expect(FileManager.default.fileExists(atPath: ws.root + "/ledger.sqlite"))
    }
}
