/// What a PostgreSQL drop transaction can read of earlier drops (``PriorFacts``): accepted
/// ids, a settlement a reversal names, a person's accumulated year. Each read leaves out the
/// records of the drop's own `drop_id`.
extension PostgresDropTransaction {
    var knowsEarlierDrops: Bool { true }

    func isAccepted(id: String) throws(YidiError) -> Bool {
        try session.query(
            """
            SELECT EXISTS (SELECT 1 FROM settlement WHERE setl_id = $1 AND drop_id <> $2
                           UNION ALL SELECT 1 FROM reversal WHERE setl_id = $1 AND drop_id <> $2
                           UNION ALL SELECT 1 FROM claim WHERE claim_id = $1 AND drop_id <> $2)
            """, [.text(id), .text(dropID)])[0].int(0) != 0
    }

    /// The part of the commit's statement that finds an id of ``idsCheckedAtCommit`` accepted
    /// in an earlier drop (as ``acceptedAmong(_:)`` would have), named `clash`; nil when none
    /// is left to check.
    func gatherIdentityCheck(into writes: inout PostgresWrites) -> String? {
        guard let ids = idsCheckedAtCommit, !ids.isEmpty else { return nil }
        let accepted = Self.idsAccepted(among: writes.bind(.texts(ids)), otherThan: writes.bind(.text(dropID)))
        writes.add("SELECT 1 FROM (\(accepted)) AS accepted LIMIT 1", as: "clash")
        return "clash"
    }

    /// B002's question, for ``acceptedAmong(_:)`` and the commit's `clash` part: the ids of the
    /// array placeholder `ids` that a drop other than `own` (a placeholder) holds as a
    /// settlement, a reversal or a claim (an id may come back more than once).
    private static func idsAccepted(among ids: String, otherThan own: String) -> String {
        """
        SELECT setl_id AS id FROM settlement WHERE setl_id = ANY(\(ids)) AND drop_id <> \(own)
        UNION ALL SELECT setl_id FROM reversal WHERE setl_id = ANY(\(ids)) AND drop_id <> \(own)
        UNION ALL SELECT claim_id FROM claim WHERE claim_id = ANY(\(ids)) AND drop_id <> \(own)
        """
    }

    func acceptedAmong(_ ids: [String]) throws(YidiError) -> Set<String> {
        // a drop's last, partial batch (a small drop's every id) while no record has reached
        // the server: taken for new, and checked by the commit's one statement (one round trip
        // less a drop); a full batch is asked now, before its records are written
        if idsCheckedAtCommit != nil, ids.count < Self.batchSize, !recordsSavepoint {
            idsCheckedAtCommit?.append(contentsOf: ids)
            return []
        }
        // unnamed, planned for its array every time: a generic plan for `= ANY($1)` took 4.5 ms
        let rows = try session.query(
            Self.idsAccepted(among: "$1::text[]", otherThan: "$2"),
            parameters: [.column(.texts(ids)), .value(.text(dropID))])
        return Set(rows.map { $0.text(0) })
    }

    func settlement(id: String) throws(YidiError) -> SettlementSummary? {
        guard
            let row = try session.query(
                """
                SELECT setl_id, fixmedins_code, medfee_sumamt, fund_pay_sumamt, acct_pay, reversed_by, setl_time
                FROM settlement WHERE setl_id = $1 AND drop_id <> $2
                """, [.text(id), .text(dropID)]
            ).first
        else { return nil }
        return try SettlementSummary(
            stored: row.text(0), institutionCode: row.text(1), total: row.int(2), allFunds: row.int(3),
            account: row.int(4), isReversed: row.optionalText(5) != nil, settledAt: row.text(6))
    }

    /// rules.md: as ``SQLiteDropTransaction/accumulated(_:)``; asked as one key of
    /// ``accumulated(among:)``.
    func accumulated(_ key: AccumulatorKey) throws(YidiError) -> (deductible: Amount, fund: Amount) {
        guard let sums = try accumulated(among: [key])[key] else {
            throw YidiError(.internalError, "the accumulators of a claim's key were asked and not answered")
        }
        return sums
    }

    /// As many claims as a batch of records: their accumulators are one round trip.
    var accumulatorBatch: Int { Self.batchSize }

    /// ``accumulated(_:)`` of each key. The keys not read before are locked first, all at once
    /// in the one order (``AccumulatorCheck``), and then read in one query (a statement of its
    /// own, whose snapshot sees every drop committed before the locks were granted): what the
    /// claims count cannot change before the commit, which needs no check of them. A key read
    /// again in the same drop answers what was read first.
    func accumulated(among keys: [AccumulatorKey]) throws(YidiError) -> [AccumulatorKey: (deductible: Amount, fund: Amount)] {
        let unread = keys.filter { accumulatorsRead[Self.lockText($0)] == nil }
        if !unread.isEmpty {
            let texts = Set(unread.map(Self.lockText)).subtracting(keysHeld)
            if !texts.isEmpty {
                try begin()
                let lock = AccumulatorCheck.lockStatement(texts)
                try session.query(lock.sql, parameters: lock.parameters)
                keysHeld.formUnion(texts)
            }
            let columns: [SQLColumn] = [
                .texts(unread.map(\.personNumber)), .texts(unread.map(\.insuredArea)), .texts(unread.map(\.insuranceType.rawValue)),
                .texts(unread.map(\.medicalType.rawValue)), .ints(unread.map { Int64($0.year) }),
                .texts(unread.map { $0.medicalType == .chronicDisease ? $0.diseaseCode ?? "" : nil })
            ]
            // unnamed, planned for its arrays every time (as B002's question)
            let rows = try session.query(
                """
                SELECT k.i, s.d, s.f
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])
                     WITH ORDINALITY AS k(psn, area, insutype, medtype, yr, dise, i)
                CROSS JOIN LATERAL (\(AccumulatorCheck.earlierSums(
                    key: "psn_no = k.psn AND insu_admdvs = k.area AND insutype = k.insutype AND med_type = k.medtype "
                        + "AND year = k.yr AND (k.dise IS NULL OR dise_codg = k.dise)", own: "$7"))) AS s
                """, parameters: columns.map(SQLParameter.column) + [.value(.text(dropID))])
            for row in rows {
                let key = unread[Int(row.int(0)) - 1]
                accumulatorsRead[Self.lockText(key)] = AccumulatorCheck.Read(key: key, deductible: row.int(1), fund: row.int(2))
            }
        }
        var sums: [AccumulatorKey: (deductible: Amount, fund: Amount)] = [:]
        for key in keys {
            guard let read = accumulatorsRead[Self.lockText(key)] else {
                throw YidiError(.internalError, "the accumulators of a claim's key were asked and not answered")
            }
            sums[key] = (Self.amount(read.deductible), Self.amount(read.fund))
        }
        return sums
    }
}
