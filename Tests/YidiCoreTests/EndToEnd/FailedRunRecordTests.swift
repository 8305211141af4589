import Foundation
import Testing

@testable import YidiCore

/// A night that fails leaves a trace where the operator looks: `yidi status` shows the run
/// with its exit status and why, and `metrics/yidi.prom` counts it — a run refused for broken
/// reference data (78) included.
@Suite("Failed runs on record: status says why, the metrics count them", .serialized)
struct FailedRunRecordTests {
    @Test func aRunRefusedForBrokenReferenceDataIsRecordedWithItsReason() throws {
        let ws = try SampleWorkspace(drops: [])
        #expect(try ws.yidi(["run"]).status == 0)
        let catalog = ws.root + "/reference/catalog.csv"
        try (String(contentsOfFile: catalog, encoding: .utf8) + "garbage\n").write(toFile: catalog, atomically: true, encoding: .utf8)
        let refused = try ws.yidi(["run"])
        #expect(refused.status == 78)
        let status = try ws.yidi(["status", "--lang", "en"]).stdout
        let latest = status.split(separator: "\n").prefix(2).joined(separator: "\n")
        #expect(latest.hasPrefix("run 2  run  started ") && latest.contains("exit 78"), "\(status)")
        #expect(latest.contains("failed: ") && latest.contains("catalog.csv"), "\(status)")
        let metrics = try String(contentsOfFile: ws.root + "/metrics/yidi.prom", encoding: .utf8)
        #expect(metrics.contains("yidi_command_exits_total{command=\"run\",exit_status=\"78\"} 1"))
        #expect(metrics.contains("yidi_last_exit_status{command=\"run\"} 78"))
        let json = try ws.yidi(["status", "--lang", "en", "--run", "2", "--json"]).stdout
        #expect(json.contains("\"exit_code\":78") && json.contains("\"failure\":"))
    }

    @Test func aRunThatLeftAnUnreadableEntrySaysWhich() throws {
        let ws = try SampleWorkspace(drops: [])
        try FileManager.default.createDirectory(atPath: ws.root + "/inbox/H1-20251201-01.xml.gz", withIntermediateDirectories: false)
        #expect(try ws.yidi(["run"]).status == 74)
        // the backlog, where the operator looks: the entry left in the inbox is no drop file
        #expect(try ws.yidi(["status", "--lang", "en"]).stdout.contains("inbox: empty"))
        let status = try ws.yidi(["status", "--lang", "en", "--run", "1"]).stdout
        #expect(status.contains("exit 74") && status.contains("failed: 1 inbox entry left unreadable: H1-20251201-01.xml.gz"), "\(status)")
    }
}

extension FailedRunRecordTests {
    @Test func statusShowsTheInboxBacklog() throws {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz"])
        let size = Paths.size(of: ws.root + "/inbox/2025-10-05-H11010200001-01.xml.gz")
        let backlog = InboxBacklog.read(Workspace(root: ws.root))
        #expect(backlog.files == 1 && backlog.bytes == size && backlog.oldest != nil)
        #expect(backlog.text(now: backlog.oldest! + 7_500, .english) == "1 file, \(size) bytes, the oldest 2h05m old")
        #expect(backlog.text(now: backlog.oldest! + 7_500, .chinese) == "1 个文件，\(size) 字节，最早的已等待 2h05m")
        #expect(try ws.yidi(["status", "--lang", "en"]).stdout.contains("inbox: 1 file, \(size) bytes, the oldest 0h"))
        _ = try ws.yidi(["run"])
        #expect(try ws.yidi(["status", "--lang", "en"]).stdout.contains("inbox: empty"))
    }
}

extension FailedRunRecordTests {
    /// `run --quiet` for cron: the one summary line on stdout, warnings only on stderr.
    @Test func aQuietRunPrintsItsSummaryAndWarningsOnly() throws {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz", "2025-11-21-H44030400002-11-D001-truncated.xml.gz"])
        let out = try ws.yidi(["run", "--quiet"])
        #expect(out.status == 1)
        #expect(out.stdout == "run 1: 2 drops: 1 accepted, 1 rejected, 0 duplicate\n")
        let lines = out.stderr.split(separator: "\n")
        #expect(
            lines.count == 1 && lines.allSatisfy { $0.contains("level=warning") && $0.contains("msg=\"drop rejected\"") }, "\(out.stderr)")
    }
}
