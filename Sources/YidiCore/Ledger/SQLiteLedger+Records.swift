import GRDB

/// The reads behind `yidi explain` on the SQLite ledger.
extension SQLiteLedger {
    func storedRecord(id: String) throws(YidiError) -> StoredRecord? {
        try read { db in
            for (table, key, layout) in [("settlement", "setl_id", RecordLayout.settlement), ("claim", "claim_id", RecordLayout.claim)] {
                let reversedBy = table == "settlement" ? "reversed_by" : "NULL"
                guard let meta = try Row.fetchOne(db, sql: "SELECT seq, attempt_id, run_id, year, \(reversedBy) FROM \(table) WHERE \(key) = ?",
                                                  arguments: [id]) else { continue }
                let seq: Int64 = meta[0]
                let row = try Row.fetchOne(db, sql: "SELECT seq, \(Self.selectList(layout)) FROM \(table) WHERE seq = ?", arguments: [seq])!
                return StoredRecord(element: layout.element, seq: seq, attemptID: meta[1], runID: meta[2], year: meta[3],
                                    reversedBy: meta[4], record: try detailed(db, row, element: layout.element))
            }
            return nil
        }
    }

    func reversal(of settlementID: String) throws(YidiError) -> [(name: String, value: FileValue)]? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT setl_id, drop_id, revs_time, period FROM reversal WHERE orig_setl_id = ?",
                             arguments: [settlementID]).map { Self.fields($0) }
        }
    }

    func referenceHashes(runID: Int64) throws(YidiError) -> [(file: String, sha256: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT file, sha256 FROM run_reference WHERE run_id = ? ORDER BY file", arguments: [runID])
                .map { (file: $0[0], sha256: $0[1]) }
        }
    }

    func accumulatorEntries(_ key: AccumulatorKey, before seq: Int64) throws(YidiError) -> [AccumulatorEntry] {
        try read { db in
            var args: StatementArguments = [key.personNumber, key.insuredArea, key.insuranceType.rawValue, key.medicalType.rawValue,
                                            key.year, seq]
            var disease = ""
            if key.medicalType == .chronicDisease {
                disease = "AND dise_codg = ?7"
                args += [key.diseaseCode ?? ""]
            }
            return try Row.fetchAll(db, sql: """
                SELECT 'setl', setl_id, drop_id, act_pay_dedc, hifp_pay, seq FROM settlement s
                WHERE psn_no = ?1 AND insu_admdvs = ?2 AND insutype = ?3 AND med_type = ?4 AND year = ?5 AND seq < ?6 \(disease)
                  AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.orig_setl_id = s.setl_id AND r.seq < ?6)
                UNION ALL
                SELECT 'claim', claim_id, drop_id, act_pay_dedc, hifp_pay, seq FROM claim
                WHERE psn_no = ?1 AND insu_admdvs = ?2 AND insutype = ?3 AND med_type = ?4 AND year = ?5 AND seq < ?6 \(disease)
                ORDER BY 6
                """, arguments: args).map { row in
                AccumulatorEntry(element: row[0], id: row[1], dropID: row[2], deductible: Amount(fen: Int128(row[3] as Int64)),
                                 fund: Amount(fen: Int128(row[4] as Int64)))
            }
        }
    }
}
