import Foundation
import GRDB
import Testing
@testable import YidiCore

/// `yidi ledger copy --to URL` (operations.md): every table and row into an empty ledger,
/// checked row by row; the copy carries the workspace on.
@Suite("Ledger copy: every row into an empty ledger, checked", .serialized)
struct LedgerCopyTests {
    static let drops = ["2025-10-05-H11010200001-01.xml.gz", "2025-10-11-H11010800002-01.xml.gz",
                        "2025-11-18-H31010400001-01-manual.xml.gz", "2025-11-21-H44030400002-11-D001-truncated.xml.gz"]

    /// Every table's rows, in key order, as text: what two ledgers are compared by.
    static func dump(_ path: String) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            var out: [String: [String]] = [:]
            for table in try LedgerCopy.tables(db) {
                let key = try db.primaryKey(table).columns.joined(separator: ", ")
                out[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(key)").map(\.description)
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

    @Test func aTargetWithRowsTheLedgerItselfAndPostgreSQLAreRefused() throws {
        let ws = try SampleWorkspace(drops: [Self.drops[0]])
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(try ws.yidi(["ledger", "copy", "--to", "sqlite:copy.sqlite"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: ws.root + "/copy.sqlite"))
        let again = try ws.yidi(["ledger", "copy", "--to", "sqlite:copy.sqlite"])
        #expect(again.status == 65 && again.stderr.contains("not empty"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws.root + "/copy.sqlite")) == before, "the target is untouched")
        let itself = try ws.yidi(["ledger", "copy", "--to", "sqlite:" + ws.root + "/./ledger.sqlite"])
        #expect(itself.status == 65 && itself.stderr.contains("ledger itself"), "\(itself.stderr)")
        let postgres = try ws.yidi(["ledger", "copy", "--to", "postgres://yidi@127.0.0.1:5432/yidi"])
        #expect(postgres.status == 78, "\(postgres.stderr)")
        let usage = try ws.yidi(["ledger", "copy", "--to", "mysql://x"])
        #expect(usage.status == 64)
    }

    /// The row-by-row check finds a single changed value.
    @Test func theCheckFindsAChangedValue() throws {
        let dir = TemporaryDirectory()
        let a = try DatabaseQueue(path: dir.path + "/a.sqlite"), b = try DatabaseQueue(path: dir.path + "/b.sqlite")
        for queue in [a, b] {
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY, fen INTEGER) WITHOUT ROWID")
                try db.execute(sql: "INSERT INTO t VALUES ('x', 17501), ('y', 100)")
            }
        }
        try a.read { from in try b.read { to in try LedgerCopy.check("t", from: from, to: to) } }
        try b.write { db in try db.execute(sql: "UPDATE t SET fen = 17502 WHERE k = 'x'") }
        #expect(throws: YidiError.self) {
            try a.read { from in try b.read { to in try LedgerCopy.check("t", from: from, to: to) } }
        }
        try b.write { db in try db.execute(sql: "UPDATE t SET fen = 17501 WHERE k = 'x'; INSERT INTO t VALUES ('z', 1)") }
        #expect(throws: YidiError.self, "a row more in the copy") {
            try a.read { from in try b.read { to in try LedgerCopy.check("t", from: from, to: to) } }
        }
    }
}
