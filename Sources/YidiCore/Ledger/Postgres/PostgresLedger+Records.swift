/// The reads behind `yidi explain` on the PostgreSQL ledger.
extension PostgresLedger {
    func storedRecord(id: String) throws(YidiError) -> StoredRecord? {
        for (table, key, layout) in [("settlement", "setl_id", RecordLayout.settlement), ("claim", "claim_id", RecordLayout.claim)] {
            let reversedBy = table == "settlement" ? "reversed_by" : "NULL::text"
            guard let meta = try session.query("SELECT seq, attempt_id, run_id, year::bigint, \(reversedBy) FROM \(table) WHERE \(key) = $1",
                                               [.text(id)]).first else { continue }
            let seq = meta.int(0)
            let row = try session.query("SELECT seq, \(SQLiteLedger.selectList(layout)) FROM \(table) WHERE seq = $1", [.int(seq)])[0]
            let detail = try session.query("SELECT owner_seq, categories, lines FROM record_detail WHERE owner_seq = $1", [.int(seq)]).first
            return StoredRecord(element: layout.element, seq: seq, attemptID: meta.optionalInt("attempt_id"),
                                runID: meta.optionalInt("run_id"), year: Int(meta.int(3)), reversedBy: meta.optionalText(4),
                                record: try Self.record(row, element: layout.element, detail: detail))
        }
        return nil
    }

    func reversal(of settlementID: String) throws(YidiError) -> [(name: String, value: FileValue)]? {
        try session.query("SELECT setl_id, drop_id, revs_time, period FROM reversal WHERE orig_setl_id = $1",
                          [.text(settlementID)]).first.map { row in row.names.indices.map { (row.names[$0], .text(row.text($0))) } }
    }

    func referenceHashes(runID: Int64) throws(YidiError) -> [(file: String, sha256: String)] {
        try session.query("SELECT file, sha256 FROM run_reference WHERE run_id = $1 ORDER BY file COLLATE \"C\"", [.int(runID)])
            .map { (file: $0.text(0), sha256: $0.text(1)) }
    }

    func accumulatorEntries(_ key: AccumulatorKey, before seq: Int64) throws(YidiError) -> [AccumulatorEntry] {
        let (args, disease) = key.queryParameters(then: .int(seq))
        return try session.query("""
            SELECT 'setl'::text, setl_id, drop_id, act_pay_dedc, hifp_pay, seq FROM settlement s
            WHERE psn_no = $1 AND insu_admdvs = $2 AND insutype = $3 AND med_type = $4 AND year = $5 AND seq < $6 \(disease)
              AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.orig_setl_id = s.setl_id AND r.seq < $6)
            UNION ALL
            SELECT 'claim', claim_id, drop_id, act_pay_dedc, hifp_pay, seq FROM claim
            WHERE psn_no = $1 AND insu_admdvs = $2 AND insutype = $3 AND med_type = $4 AND year = $5 AND seq < $6 \(disease)
            ORDER BY 6
            """, args).map { row in
            AccumulatorEntry(element: row.text(0), id: row.text(1), dropID: row.text(2), deductible: Amount(fen: Int128(row.int(3))),
                             fund: Amount(fen: Int128(row.int(4))))
        }
    }
}

extension AccumulatorKey {
    /// The key as a query's parameters: `psn_no`, `insu_admdvs`, `insutype`, `med_type` and
    /// `year` as $1–$5, `sixth` as $6, and for a chronic disease its code as $7, with the
    /// condition that matches it (`AND dise_codg = $7`; "" for any other key).
    func queryParameters(then sixth: SQLValue) -> (parameters: [SQLValue], diseaseCondition: String) {
        var parameters: [SQLValue] = [.text(personNumber), .text(insuredArea), .text(insuranceType.rawValue),
                                      .text(medicalType.rawValue), .int(year), sixth]
        guard medicalType == .chronicDisease else { return (parameters, "") }
        parameters.append(.text(diseaseCode ?? ""))
        return (parameters, "AND dise_codg = $7")
    }
}
