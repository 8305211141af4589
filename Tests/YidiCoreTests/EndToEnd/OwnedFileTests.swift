import Foundation
import GRDB
import Testing

@testable import YidiCore

/// Files a person names (`report --out`, `metrics =`) never replace the ledger, the
/// workspace's state or a file yidi did not write; commands answer with their own status.
@Suite("Where a named output may go", .enabled(if: TestLedger.current == .sqlite), .serialized)
struct OwnedFileTests {
    private func night() throws -> SampleWorkspace {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz"])
        #expect(try ws.yidi(["run"]).status == 0)
        return ws
    }

    @Test func reportOutNeverReplacesTheLedgerOrAnotherFile() throws {
        let ws = try night()
        let ledger = try Data(contentsOf: URL(fileURLWithPath: ws.root + "/ledger.sqlite"))
        for target in ["ledger.sqlite", "yidi.toml", "reference/catalog.csv", "inbox/x.html", "outbox/ack/x.html"] {
            let out = try ws.yidi(["report", "--period", "2025-10", "--out", ws.root + "/" + target])
            #expect(out.status == 65 && out.stderr.contains(target.components(separatedBy: "/")[0]), "\(target): \(out.stderr)")
        }
        let out = try ws.yidi(["report", "--period", "2025-10", "--out", ws.root + "/ledger.sqlite", "--force"])
        #expect(out.status == 65, "--force never reaches the ledger")
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws.root + "/ledger.sqlite")) == ledger)
        // a file yidi did not write, a folder, a link
        let mine = ws.dir.path + "/notes.html"
        try "my notes".write(toFile: mine, atomically: true, encoding: .utf8)
        #expect(try ws.yidi(["report", "--period", "2025-10", "--out", mine, "--force"]).status == 65)
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "my notes")
        #expect(try ws.yidi(["report", "--period", "2025-10", "--out", ws.dir.path]).status == 65)
        let link = ws.dir.path + "/link.html"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: mine)
        #expect(try ws.yidi(["report", "--period", "2025-10", "--out", link, "--force"]).status == 65)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == mine)
        // an earlier report: only with --force; the default file is simply rewritten
        let page = ws.dir.path + "/r.html"
        #expect(try ws.yidi(["report", "--period", "2025-10", "--out", page]).status == 0)
        #expect(try ws.yidi(["report", "--period", "2025-10", "--out", page]).status == 65)
        #expect(try ws.yidi(["report", "--period", "2025-10", "--out", page, "--force"]).status == 0)
        #expect(try ws.yidi(["report", "--period", "2025-10"]).status == 0)
        #expect(try ws.yidi(["report", "--period", "2025-10"]).status == 0)
    }

    @Test func aMetricsSettingNeverNamesTheLedger() throws {
        let ws = try night()
        let ledger = try Data(contentsOf: URL(fileURLWithPath: ws.root + "/ledger.sqlite"))
        for setting in ["ledger.sqlite", "ledger.sqlite-wal", "yidi.toml", "reference/catalog.csv"] {
            try "metrics = \"\(setting)\"\n".write(toFile: ws.root + "/yidi.toml", atomically: true, encoding: .utf8)
            let status = try ws.yidi(["status", "--lang", "en"])
            #expect(status.stderr.contains("metrics not written"), "\(setting): \(status.stderr)")
            let run = try ws.yidi(["run"])
            #expect(run.status == 78 && run.stderr.contains("will not write"), "\(setting): \(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws.root + "/ledger.sqlite")) == ledger)
        let mine = ws.dir.path + "/mine.txt"
        try "keep me".write(toFile: mine, atomically: true, encoding: .utf8)
        try "metrics = \"\(mine)\"\n".write(toFile: ws.root + "/yidi.toml", atomically: true, encoding: .utf8)
        #expect(try ws.yidi(["run"]).status == 78)
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "keep me")
        try "".write(toFile: ws.root + "/yidi.toml", atomically: true, encoding: .utf8)
        #expect(try ws.yidi(["run"]).status == 0, "the default metrics file is yidi's own and rewritten")
        #expect(try ws.yidi(["run"]).status == 0)
    }

    @Test func statusExits74WhenTheLedgerFailsARead() throws {
        let ws = try night()
        // the ledger opens, but a table a view needs is gone
        let sqlite = try ws.sqliteLedger()
        try sqlite.queue.write { db in try db.execute(sql: "DROP TABLE attempt_error") }
        let out = try ws.yidi(["status", "--lang", "en", "H11010200001-20251005-01"])
        #expect(out.status == 74, "\(out.stderr)")
        #expect(out.stderr.contains("attempt_error"))
    }

    @Test func aPrepaymentIsNotIssuedBeforeItsQuarterEnds() throws {
        let ws = try night()
        let early = try ws.yidi(["prepay", "--year", "2026", "--date", "2025-01-01"])
        #expect(early.status == 65 && early.stderr.contains("2025-12-31"), "\(early.stderr)")
        let lastDay = try ws.yidi(["prepay", "--year", "2026", "--date", "2025-12-31"])
        #expect(lastDay.status == 65)
        #expect(ws.files("outbox/prepay").isEmpty)
    }
}
