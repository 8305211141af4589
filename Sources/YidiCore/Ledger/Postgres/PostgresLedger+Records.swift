/// The reads behind `yidi explain` on the PostgreSQL ledger.
extension PostgresLedger {
    func storedRecord(id: String) throws(YidiError) -> StoredRecord? {
        for (table, key, layout) in [("settlement", "setl_id", RecordLayout.settlement), ("claim", "claim_id", RecordLayout.claim)] {
            let reversedBy = table == "settlement" ? "reversed_by" : "NULL::text"
            guard
                let meta = try session.query(
                    "SELECT seq, attempt_id, run_id, year::bigint, \(reversedBy) FROM \(table) WHERE \(key) = $1",
                    [.text(id)]
                ).first
            else { continue }
            let seq = meta.int(0)
            let row = try session.query("SELECT seq, \(SQLiteLedger.selectList(layout)) FROM \(table) WHERE seq = $1", [.int(seq)])[0]
            let detail = try session.query("SELECT owner_seq, categories, lines FROM record_detail WHERE owner_seq = $1", [.int(seq)]).first
            return StoredRecord(
                element: layout.element, seq: seq, attemptID: meta.optionalInt("attempt_id"),
                runID: meta.optionalInt("run_id"), year: Int(meta.int(3)), reversedBy: meta.optionalText(4),
                record: try Self.record(row, element: layout.element, detail: detail))
        }
        return nil
    }
}

extension AccumulatorKey {
    /// The key as a query's parameters: `psn_no`, `insu_admdvs`, `insutype`, `med_type` and
    /// `year` as $1–$5, `sixth` as $6, and for a chronic disease its code as $7, with the
    /// condition that matches it (`AND dise_codg = $7`; "" for any other key).
    func queryParameters(then sixth: SQLValue) -> (parameters: [SQLValue], diseaseCondition: String) {
        var parameters: [SQLValue] = [
            .text(personNumber), .text(insuredArea), .text(insuranceType.rawValue),
            .text(medicalType.rawValue), .int(year), sixth
        ]
        guard medicalType == .chronicDisease else { return (parameters, "") }
        parameters.append(.text(diseaseCode ?? ""))
        return (parameters, "AND dise_codg = $7")
    }
}
