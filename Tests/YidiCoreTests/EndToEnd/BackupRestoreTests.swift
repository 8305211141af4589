import Foundation
import GRDB
import Testing

@testable import YidiCore

/// docs/operator-guide.md, Backups: a ledger copied between nights, the ledger lost after a
/// later night, the copy put back with the drops archived since returned to the inbox — the
/// next night ends with the same records as a workspace that lost nothing, none counted twice.
@Suite(.serialized) struct BackupRestoreTests {
    static let first = ["2025-10-05-H11010200001-01.xml.gz", "2025-10-11-H11010800002-01.xml.gz", "2025-11-05-H31010400001-01.xml.gz"]
    static let later = [
        "2025-11-17-H44010600001-01.xml.gz", "2025-11-18-H31010400001-01-manual.xml.gz",
        "2025-12-05-H44010600001-01.xml.gz", "2025-12-20-H44010600001-02-reversal.xml.gz"
    ]

    /// Every accepted record with its amounts, in one text per table.
    static func records(_ ws: SampleWorkspace) throws -> [String] {
        try ws.sqliteLedger().read { db in
            try String.fetchAll(
                db, sql: "SELECT setl_id || ' ' || medfee_sumamt || ' ' || hifp_pay || ' ' || period FROM settlement ORDER BY setl_id")
                + String.fetchAll(db, sql: "SELECT claim_id || ' ' || medfee_sumamt || ' ' || hifp_pay FROM claim ORDER BY claim_id")
                + String.fetchAll(db, sql: "SELECT setl_id || ' ' || orig_setl_id FROM reversal ORDER BY setl_id")
        }
    }

    static func modified(_ path: String) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    @Test(.enabled(if: TestLedger.current == .sqlite)) func aRestoredLedgerAndTheDropsSinceGiveTheSameNight() throws {
        let whole = try SampleWorkspace(drops: Self.first + Self.later)
        #expect(try whole.yidi(["run"]).status == 0)
        let expected = try Self.records(whole)
        #expect(expected.count > 10)

        let ws = try SampleWorkspace(drops: Self.first)
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(try ws.yidi(["ledger", "copy", "--to", "sqlite:" + ws.dir.path + "/backup.sqlite"]).status == 0)
        let archivedBefore = Set(ws.files("archive"))
        for name in Self.later { try ws.copySample(name) }
        #expect(try ws.yidi(["run"]).status == 0)

        // the disk that held the ledger is lost; the copy comes back, and the drops archived since
        for file in ["ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm"] {
            try? FileManager.default.removeItem(atPath: ws.root + "/" + file)
        }
        try FileManager.default.copyItem(atPath: ws.dir.path + "/backup.sqlite", toPath: ws.root + "/ledger.sqlite")
        let since = Set(ws.files("archive")).subtracting(archivedBefore)
        #expect(since.count == Self.later.count)
        for path in since {
            try FileManager.default.moveItem(atPath: ws.root + "/archive/" + path, toPath: ws.root + "/inbox/" + Paths.name(of: path))
        }
        // what those nights wrote to outbox/ is moved aside: the next night writes it again under
        // the same names, and yidi never writes over a file that holds other bytes
        let backupTime = try Self.modified(ws.dir.path + "/backup.sqlite")
        for path in ws.files("outbox") where try Self.modified(ws.root + "/outbox/" + path) > backupTime {
            let aside = ws.root + "/outbox-before-restore/" + path
            try FileManager.default.createDirectory(
                atPath: (aside as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: ws.root + "/outbox/" + path, toPath: aside)
        }
        let restored = try ws.yidi(["run"])
        #expect(restored.status == 0, "the next night continues: \(restored.stdout)\(restored.stderr)")
        #expect(try Self.records(ws) == expected, "every record once, with the same amounts")
        // and a night after that finds nothing to do twice: the drops again are duplicates
        for name in Self.first + Self.later { try ws.copySample(name, as: "again-" + name) }
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(try Self.records(ws) == expected)
    }
}
