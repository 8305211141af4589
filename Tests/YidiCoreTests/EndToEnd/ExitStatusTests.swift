import Foundation
import Testing

@testable import YidiCore

/// operations.md, Exit codes: every command driven into each failure it can meet ends with the
/// status the table gives and says why in one line on stderr, `yidi: ` first.
@Suite("Exit statuses: every command, each failure class, one line", .serialized)
struct ExitStatusTests {
    static let writing: [[String]] = [
        ["run"], ["reprocess", "NOPE-1"], ["clear", "--period", "2025-10", "--date", "2025-11-03"],
        ["recon", "--period", "2025-10", "--date", "2025-11-03"], ["prepay", "--year", "2026", "--date", "2026-01-06"]
    ]
    static let reading: [[String]] = [["status"], ["explain", "S1"], ["report", "--period", "2025-10"]]

    private func expectOneLine(_ out: YidiBinary.Output, _ status: Int32, _ what: String, _ command: [String]) {
        #expect(out.status == status, "\(command): \(out.status) \(out.stderr)")
        let lines = out.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("yidi: ") && lines[0].contains(what), "\(command): \(out.stderr)")
    }

    @Test func outsideAWorkspace() throws {
        let dir = TemporaryDirectory()
        for command in Self.writing {
            expectOneLine(try YidiBinary.run(command + ["--workspace", dir.path]), 78, "不是工作区", command)
        }
        for command in Self.reading {
            expectOneLine(try YidiBinary.run(command + ["--workspace", dir.path]), 66, "不是工作区", command)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing created")
    }

    @Test func brokenReferenceData() throws {
        let ws = try SampleWorkspace(drops: [])
        let catalog = ws.root + "/reference/catalog.csv"
        try (String(contentsOfFile: catalog, encoding: .utf8) + "garbage\n").write(toFile: catalog, atomically: true, encoding: .utf8)
        for command in Self.writing { expectOneLine(try ws.yidi(command), 78, "catalog.csv", command) }
    }

    /// The workspace lock is SQLite's; PostgreSQL's advisory locks: `MultiWorkerTests`.
    @Test(.enabled(if: TestLedger.current == .sqlite)) func theLockIsHeld() throws {
        let ws = try SampleWorkspace(drops: [])
        let held = try WorkspaceLock(workspace: Workspace(root: ws.root), command: "clear")
        for command in Self.writing { expectOneLine(try ws.yidi(command), 75, "持有工作区锁", command) }
        withExtendedLifetime(held) {}
    }

    @Test func refusalsAndUnknownIDs() throws {
        let ws = try SampleWorkspace(drops: [])
        expectOneLine(try ws.yidi(["clear", "--period", "2025-10", "--date", "2025-10-31"]), 65, "尚未结束", ["clear"])
        expectOneLine(try ws.yidi(["recon", "--period", "2025-10", "--date", "2025-10-31"]), 65, "尚未结束", ["recon"])
        expectOneLine(try ws.yidi(["prepay", "--year", "2026", "--date", "2025-12-31"]), 65, "2025-12-31", ["prepay"])
        expectOneLine(try ws.yidi(["reprocess", "NOPE-1"]), 66, "NOPE-1", ["reprocess"])
        expectOneLine(try ws.yidi(["status", "NOPE-1"]), 66, "NOPE-1", ["status"])
        expectOneLine(try ws.yidi(["explain", "S1"]), 66, "S1", ["explain"])
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(CommandKind.allCases.filter { $0.didItsJob(1) } == [.run, .reprocess])
    }
}
