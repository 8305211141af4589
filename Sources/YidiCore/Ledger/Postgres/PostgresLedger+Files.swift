/// The reads behind the settlement and reimbursement files on the PostgreSQL ledger: records in
/// pages of ``pageSize`` by `seq` (never a whole file in memory), each page's details in one
/// query.
extension PostgresLedger {
    static let pageSize = 1000

    func forEachProvinceFileRecord(
        kind: OutboxEntry.Kind, runID: Int64, province: String,
        _ body: (ProvinceFileRecord) throws(YidiError) -> Void
    ) throws(YidiError) {
        let key: [SQLValue] = [.int(runID), .text(province)]
        if kind == .reimbursement {
            try forEachPage(table: "claim", layout: .claim, key: key) { (row, detail) throws(YidiError) in
                try body(try Self.record(row, element: RecordLayout.claim.element, detail: detail))
            }
            return
        }
        var reversals = try session.query(
            "SELECT seq, \(SQLiteLedger.selectList(.reversal)) FROM reversal "
                + "WHERE run_id = $1 AND insu_prov = $2 ORDER BY seq", key
        ).makeIterator()
        var next = reversals.next()
        try forEachPage(table: "settlement", layout: .settlement, key: key) { (row, detail) throws(YidiError) in
            while let r = next, r.int(0) < row.int(0) {
                try body(try Self.record(r, element: RecordLayout.reversal.element, detail: nil))
                next = reversals.next()
            }
            try body(try Self.record(row, element: RecordLayout.settlement.element, detail: detail))
        }
        while let r = next {
            try body(try Self.record(r, element: RecordLayout.reversal.element, detail: nil))
            next = reversals.next()
        }
    }

    /// Every record of a run's province in `seq` order, a page at a time, with its detail row.
    private func forEachPage(
        table: String, layout: RecordLayout, key: [SQLValue],
        _ body: (SQLRow, SQLRow?) throws(YidiError) -> Void
    ) throws(YidiError) {
        var after: Int64 = -1
        while true {
            let rows = try session.query(
                "SELECT seq, \(SQLiteLedger.selectList(layout)) FROM \(table) "
                    + "WHERE run_id = $1 AND insu_prov = $2 AND seq > $3 ORDER BY seq LIMIT \(Self.pageSize)",
                key + [.int(after)])
            guard let last = rows.last else { return }
            let seqs = "{" + rows.map { String($0.int(0)) }.joined(separator: ",") + "}"
            var details: [Int64: SQLRow] = [:]
            for d in try session.query(
                "SELECT owner_seq, categories, lines FROM record_detail WHERE owner_seq = ANY($1::bigint[])",
                [.text(seqs)])
            {
                details[d.int(0)] = d
            }
            for row in rows {
                // every settlement and claim has its detail: a missing one is a broken ledger, not an empty list
                guard let detail = details[row.int(0)] else {
                    throw YidiError(.internalError, "the ledger holds \(table) \(row.int(0)) without its detail (record_detail)")
                }
                try body(row, detail)
            }
            after = last.int(0)
        }
    }

    /// A row's columns (but `seq`) as file fields, NULL columns left out, with its detail.
    static func record(_ row: SQLRow, element: String, detail: SQLRow?) throws(YidiError) -> ProvinceFileRecord {
        var fields: [(name: String, value: FileValue)] = []
        fields.reserveCapacity(row.names.count)
        for (name, value) in zip(row.names, row.values) where name != "seq" {
            switch value {
            case .null: continue
            case .int(let i): fields.append((name, RecordLayout.amountNames.contains(name) ? fileAmount(i) : .text(String(i))))
            case .text(let s): fields.append((name, .text(s)))
            }
        }
        var record = ProvinceFileRecord(element: element, fields: fields)
        if let detail {
            record.categories = try RecordDetail.categories(detail.text(1))
            record.lines = try RecordDetail.lines(detail.text(2))
        }
        return record
    }

}
