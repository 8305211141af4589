import GRDB

/// The reads behind the settlement and reimbursement files: streamed, never a whole file in memory.
extension SQLiteLedger {
    /// The select list of a layout: each field under its name, from its column, negated where it says.
    static func selectList(_ layout: RecordLayout) -> String {
        layout.fields.map { f in
            let column = f.column ?? f.name
            return f.negated ? "-\(column) AS \(f.name)" : column == f.name ? column : "\(column) AS \(f.name)"
        }.joined(separator: ", ")
    }

    /// Streams a run's records for a province in acceptance order.
    func forEachProvinceFileRecord(
        kind: OutboxEntry.Kind, runID: Int64, province: String,
        _ body: (ProvinceFileRecord) throws(YidiError) -> Void
    ) throws(YidiError) {
        try read { db in
            if kind == .reimbursement {
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT seq, \(Self.selectList(.claim)) FROM claim "
                        + "WHERE run_id = ? AND insu_prov = ? ORDER BY seq", arguments: [runID, province])
                while let row = try rows.next() { try body(try detailed(db, row, element: RecordLayout.claim.element)) }
                return
            }
            let reversals = try Row.fetchAll(
                db,
                sql: "SELECT seq, \(Self.selectList(.reversal)) FROM reversal "
                    + "WHERE run_id = ? AND insu_prov = ? ORDER BY seq", arguments: [runID, province])
            var next = reversals.makeIterator()
            var pending = next.next()
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT seq, \(Self.selectList(.settlement)) FROM settlement "
                    + "WHERE run_id = ? AND insu_prov = ? ORDER BY seq", arguments: [runID, province])
            while let row = try rows.next() {
                let seq: Int64 = row["seq"]
                while let r = pending, (r["seq"] as Int64) < seq {
                    try body(ProvinceFileRecord(element: RecordLayout.reversal.element, fields: Self.fields(r)))
                    pending = next.next()
                }
                try body(try detailed(db, row, element: RecordLayout.settlement.element))
            }
            while let r = pending {
                try body(ProvinceFileRecord(element: RecordLayout.reversal.element, fields: Self.fields(r)))
                pending = next.next()
            }
        }
    }

    func detailed(_ db: Database, _ row: Row, element: String) throws -> ProvinceFileRecord {
        let seq: Int64 = row["seq"]
        var record = ProvinceFileRecord(element: element, fields: Self.fields(row))
        // every settlement and claim has its detail: a missing one is a broken ledger, not an empty list
        guard
            let detail = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT categories, lines FROM record_detail WHERE owner_seq = ?"),
                arguments: [seq])
        else {
            throw YidiError(.internalError, "the ledger holds \(element) \(seq) without its detail (record_detail)")
        }
        record.categories = try RecordDetail.categories(detail[0])
        record.lines = try RecordDetail.lines(detail[1])
        return record
    }

    /// A row's columns (but `seq`) as file fields; NULL columns are left out.
    static func fields(_ row: Row) -> [(name: String, value: FileValue)] {
        fields(row, layout: ColumnLayout(Array(row.columnNames)))
    }

    /// Column names and which hold amounts, worked out once per query rather than per row.
    struct ColumnLayout {
        let names: [String]
        let isAmount: [Bool]

        init(_ names: [String]) {
            self.names = names
            isAmount = names.map { RecordLayout.amountNames.contains($0) }
        }
    }

    static func fields(_ row: Row, layout: ColumnLayout) -> [(name: String, value: FileValue)] {
        var out: [(name: String, value: FileValue)] = []
        out.reserveCapacity(layout.names.count)
        for i in 0..<layout.names.count where layout.names[i] != "seq" && !row.hasNull(atIndex: i) {
            out.append((layout.names[i], layout.isAmount[i] ? fileAmount(row[i]) : .text(row[i])))
        }
        return out
    }

}
