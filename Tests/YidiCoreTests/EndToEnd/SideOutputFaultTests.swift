import Foundation
import Testing

@testable import YidiCore

/// The outputs beside a night's drops — the copies in `reference-history/` and the metrics
/// file — failing on a full disk: the night goes on, the status says so, and what the ledger
/// records is the status the process returns.
@Suite("A full disk under reference-history/ or metrics/", .serialized)
struct SideOutputFaultTests {
    static let drops = ["2025-10-05-H11010200001-01.xml.gz", "2025-10-11-H11010800002-01.xml.gz"]

    @Test func theHistoryCopyFailingDoesNotStopTheNight() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let out = try ws.yidi(["run"], environment: ["YIDI_FAIL_IO": ".csv"])
        #expect(out.status == 74, "\(out.stderr)")
        #expect(out.stderr.contains("reference-history"), "\(out.stderr)")
        let ledger = try ws.ledger()
        for file in Self.drops {
            let id = file.dropFirst(11).prefix(12) + "-" + file.prefix(10).replacingOccurrences(of: "-", with: "") + "-01"
            #expect(try ledger.attempts(dropKey: String(id)).map(\.status) == [.accepted], "\(id)")
        }
        #expect(ws.files("inbox").isEmpty && ws.files("reference-history").isEmpty)
        #expect(try ledger.latestRuns(limit: 1).first?.exitCode == 74)
        // the next run writes the copies
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(ws.files("reference-history").count == 7)
    }

    @Test func aMetricsFileThatCannotBeWrittenIsRecordedAs74() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let out = try ws.yidi(["run"], environment: ["YIDI_FAIL_IO": "yidi.prom"])
        #expect(out.status == 74, "\(out.stderr)")
        let ledger = try ws.ledger()
        #expect(try ledger.latestRuns(limit: 1).first?.exitCode == 74, "the run's record")
        let run = try #require(try ledger.commandOutcomes().first { $0.command == "run" })
        #expect(run.exitCode == 74 && run.lastSuccess == nil, "the command's record")
        // the next command's metrics count the 74 it returned
        #expect(try ws.yidi(["run"]).status == 0)
        let metrics = try String(contentsOfFile: ws.root + "/metrics/yidi.prom", encoding: .utf8)
        #expect(
            metrics.contains("yidi_command_exits_total{exit_status=\"74\",command=\"run\"} 1")
                || metrics.contains("yidi_command_exits_total{command=\"run\",exit_status=\"74\"} 1"), "\(metrics)")
        #expect(!metrics.contains("code=\"0\",command=\"run\"} 2") && !metrics.contains("command=\"run\",code=\"0\"} 2"))
    }
}
