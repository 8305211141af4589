import GRDB
import Testing

@testable import YidiCore

@Suite("Ledger migrations carry what earlier versions recorded")
struct LedgerMigrationTests {
    @Test func v3FoldsFeeLinesAndCategoryTotalsIntoOneDetailRowInOrder() throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/ledger.sqlite"
        do {  // a ledger as version 2 left it, rows inserted out of order
            let queue = try DatabaseQueue(path: path)
            try LedgerSchema.migrator.migrate(queue, upTo: "v2: prepayments")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO run (id, command, started_at) VALUES (1, 'run', '2025-11-02T01:00:00')")
                try db.execute(
                    sql: """
                        INSERT INTO settlement VALUES ('S1', 7, NULL, 1, 'D1', 'H1', '440106', '440000', 'P1', 'N', 'C', '110105',
                          '110000', '310', '11', NULL, '1', '2025-11-01', '2025-11-01', '2025-11-01T10:00:00', 2025, '2025-11',
                          1750, 0, 0, 0, 1750, 0, 0, 0, 1750, 0, 1750, 0, 0, 0, NULL)
                        """)
                try db.execute(sql: "INSERT INTO category_total VALUES (7, '09', 500), (7, '01', 1250)")
                try db.execute(
                    sql: """
                        INSERT INTO fee_line VALUES
                          (7, 2, 'L2', '2025-11-01T09:30:00', 'H-B', 'N-B', '09', '02', '1', '5', 500, 0, 0, 50, 450),
                          (7, 1, 'L1', '2025-11-01T09:00:00', 'H-A', 'N-A', '01', '01', '2.5', '5.00', 1250, 0, 10, 0, 1240)
                        """)
            }
        }
        let ledger = try SQLiteLedger(path: path)
        var records: [ProvinceFileRecord] = []
        try ledger.forEachProvinceFileRecord(kind: .settlement, runID: 1, province: "110000") { records.append($0) }
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect(record.categories.map(\.category) == ["01", "09"])
        #expect(record.categories.map(\.amount) == [Amount(fen: 1250), Amount(fen: 500)])
        #expect(record.lines.map(\.serialNumber) == ["L1", "L2"])
        let first = try #require(record.lines.first)
        #expect(first.occurredAt.description == "2025-11-01T09:00:00")
        #expect(
            [first.hospitalItemCode, first.nationalCode, first.category, first.itemClass, first.quantityText, first.unitPriceText]
                == ["H-A", "N-A", "01", "01", "2.5", "5.00"])
        #expect(
            [first.amount, first.parts.fullySelfPaid, first.parts.overCap, first.parts.firstSelfPaid, first.parts.inScope]
                == [Amount(fen: 1250), .zero, Amount(fen: 10), .zero, Amount(fen: 1240)])
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('fee_line', 'category_total')")
        }
        #expect(tables.isEmpty)
    }
}
