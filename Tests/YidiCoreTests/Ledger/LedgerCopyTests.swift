import Foundation
import GRDB
import Testing

@testable import YidiCore

/// `yidi ledger copy --to URL` (operations.md): every table and row into an empty ledger,
/// checked row by row; the copy carries the workspace on.
@Suite("Ledger copy: every row into an empty ledger, checked", .serialized)
struct LedgerCopyTests {
    static let drops = [
        "2025-10-05-H11010200001-01.xml.gz", "2025-10-11-H11010800002-01.xml.gz",
        "2025-11-18-H31010400001-01-manual.xml.gz", "2025-11-21-H44030400002-11-D001-truncated.xml.gz"
    ]

    /// Every table's rows, in key order, as text: what two ledgers are compared by.
    static func dump(_ path: String) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            var out: [String: [String]] = [:]
            for table in LedgerCopy.tables.map(\.name) {
                let key = try db.primaryKey(table).columns.joined(separator: ", ")
                out[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(key)").map(\.description)
            }
            return out
        }
    }

    /// Every table's row count and digest, on either ledger.
    static func digests(_ ledger: any Ledger) throws -> [String: String] {
        try LedgerCopy.tables(of: ledger).reading { (reader) throws(YidiError) in
            var out: [String: String] = [:]
            for table in LedgerCopy.tables {
                let d = try LedgerCopy.digest(table, columns: try reader.columns(table.name), of: reader)
                out[table.name] = "\(d.rows) \(d.sha256)"
            }
            return out
        }
    }

    @Test func theCopyHoldsEveryRowAndCarriesTheWorkspaceOn() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        #expect(try ws.yidi(["run"]).status == 1)
        let out = try ws.yidi(["ledger", "copy", "--to", "sqlite:moved/ledger.sqlite"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("checked row by row") && out.stdout.contains("settlement "), "\(out.stdout)")
        var source = try Self.dump(ws.root + "/ledger.sqlite")
        let copy = try Self.dump(ws.root + "/moved/ledger.sqlite")
        #expect(copy["settlement"]?.count == source["settlement"]?.count && (copy["settlement"]?.count ?? 0) > 0)
        // the source has since recorded the copy command itself; everything else is equal
        source["command_outcome"] = source["command_outcome"]?.filter { !$0.contains("ledger copy") }
        source["counter"] = nil
        var compared = copy
        compared["counter"] = nil
        #expect(compared == source)

        // the workspace goes on with the copy: the same drop again is a duplicate of attempt 1
        try "ledger = \"sqlite:moved/ledger.sqlite\"\n".write(toFile: ws.root + "/yidi.toml", atomically: true, encoding: .utf8)
        try ws.copySample(Self.drops[0])
        #expect(try ws.yidi(["run"]).status == 0)
        let moved = try SQLiteLedger(path: ws.root + "/moved/ledger.sqlite")
        #expect(try moved.attempts(dropKey: "H11010200001-20251005-01").map(\.status) == [.accepted, .duplicate])
    }

    @Test func aTargetWithRowsTheLedgerItselfAnUnreachableServerAndAPasswordAreRefused() throws {
        let ws = try SampleWorkspace(drops: [Self.drops[0]])
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(try ws.yidi(["ledger", "copy", "--to", "sqlite:copy.sqlite"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: ws.root + "/copy.sqlite"))
        let again = try ws.yidi(["ledger", "copy", "--to", "sqlite:copy.sqlite"])
        #expect(again.status == 65 && again.stderr.contains("not empty"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws.root + "/copy.sqlite")) == before, "the target is untouched")
        let itself = try ws.yidi(["ledger", "copy", "--to", "sqlite:" + ws.root + "/./ledger.sqlite"])
        #expect(itself.status == 65 && itself.stderr.contains("ledger itself"), "\(itself.stderr)")
        let unreachable = try ws.yidi(["ledger", "copy", "--to", "postgres://yidi@127.0.0.1:1/yidi"])
        #expect(unreachable.status == 75, "nothing listens on port 1: \(unreachable.stderr)")
        let password = try ws.yidi(["ledger", "copy", "--to", "postgres://yidi:secret@127.0.0.1:1/yidi"])
        #expect(password.status == 78 && !password.stderr.contains("secret"), "\(password.stderr)")
        let query = try ws.yidi(["ledger", "copy", "--to", "postgres://yidi@127.0.0.1:1/yidi?password=secret"])
        #expect(query.status == 78 && !query.stderr.contains("secret"), "\(query.stderr)")
        #expect(!unreachable.stderr.contains("drop in hand"), "a copy has no drop: \(unreachable.stderr)")
        let usage = try ws.yidi(["ledger", "copy", "--to", "mysql://x"])
        #expect(usage.status == 64)
        // a file that holds another table with rows is not a ledger to mix into
        let foreign = ws.root + "/foreign.sqlite"
        let other = try DatabaseQueue(path: foreign)
        try other.write { db in
            try db.execute(sql: "CREATE TABLE notes (text TEXT)")
            try db.execute(sql: "INSERT INTO notes VALUES ('mine')")
        }
        try other.close()
        let mixed = try ws.yidi(["ledger", "copy", "--to", "sqlite:" + foreign])
        #expect(mixed.status == 65 && mixed.stderr.contains("notes"), "\(mixed.stderr)")
        let kept = try DatabaseQueue(path: foreign)
        #expect(try kept.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempt") } == 0, "nothing copied")
    }

    /// The row-by-row check finds a single changed value, and a row more.
    @Test func theCheckFindsAChangedValue() throws {
        let ws = try SampleWorkspace(drops: [Self.drops[0]], ledger: .sqlite)
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(try ws.yidi(["ledger", "copy", "--to", "sqlite:copy.sqlite"]).status == 0)
        let source = try ws.sqliteLedger(), copy = try SQLiteLedger(path: ws.root + "/copy.sqlite")
        let settlement = try #require(LedgerCopy.tables.first { $0.name == "settlement" })
        func check() throws {
            try LedgerCopy.tables(of: source).reading { (from) throws(YidiError) in
                try LedgerCopy.tables(of: copy).reading { (to) throws(YidiError) in try LedgerCopy.check(settlement, from: from, to: to) }
            }
        }
        try check()
        try copy.write { db in try db.execute(sql: "UPDATE settlement SET hifp_pay = hifp_pay + 1 WHERE rowid = 2") }
        #expect(throws: YidiError.self, "one fen more") { try check() }
        try copy.write { db in try db.execute(sql: "UPDATE settlement SET hifp_pay = hifp_pay - 1 WHERE rowid = 2") }
        try check()
        try copy.write { db in try db.execute(sql: "UPDATE settlement SET reversed_by = '' WHERE rowid = 1") }
        #expect(throws: YidiError.self, "NULL is not ''") { try check() }
    }

    /// SQLite → PostgreSQL → SQLite: every table equal at each step, and the workspace goes on
    /// with the PostgreSQL copy.
    @Test(.enabled(if: TestLedger.server != nil)) func toPostgreSQLAndBack() throws {
        let ws = try SampleWorkspace(drops: Self.drops, ledger: .sqlite)
        #expect(try ws.yidi(["run"]).status == 1)
        #expect(try ws.yidi(["clear", "--period", "2025-10", "--date", "2025-11-20"]).status == 0)
        let url = try TestLedger.makeDatabase()
        defer { TestLedger.dropDatabase(url) }
        let out = try ws.yidi(["ledger", "copy", "--to", url])
        #expect(out.status == 0, "\(out.stderr)")
        var source = try Self.digests(ws.sqliteLedger())
        let postgres = try PostgresLedger(url: url)
        var copied = try Self.digests(postgres)
        // the source has since recorded the copy command itself
        for table in ["command_outcome", "counter"] {
            source[table] = nil
            copied[table] = nil
        }
        #expect(copied == source)
        #expect(copied["settlement"]?.hasPrefix("0 ") == false)

        // and back into a new SQLite file, from the PostgreSQL workspace
        try "ledger = \"\(url)\"\n".write(toFile: ws.root + "/yidi.toml", atomically: true, encoding: .utf8)
        let back = try ws.yidi(["ledger", "copy", "--to", "sqlite:back.sqlite"])
        #expect(back.status == 0, "\(back.stderr)")
        var returned = try Self.digests(SQLiteLedger(path: ws.root + "/back.sqlite"))
        for table in ["command_outcome", "counter"] { returned[table] = nil }
        #expect(returned == source)

        // the workspace goes on on PostgreSQL: the same drop is a duplicate, a new one gets the next ids
        try ws.copySample(Self.drops[0])
        try ws.copySample("2025-10-17-H31010400001-01.xml.gz")
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(try postgres.attempts(dropKey: "H11010200001-20251005-01").map(\.status) == [.accepted, .duplicate])
        #expect(try postgres.attempts(dropKey: "H31010400001-20251017-01").map(\.status) == [.accepted])
    }
}
