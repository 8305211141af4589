/// What a PostgreSQL drop transaction can read of earlier drops (``PriorFacts``): accepted
/// ids, a settlement a reversal names, a person's accumulated year. Each read leaves out the
/// records of the drop's own `drop_id`.
extension PostgresDropTransaction {
    var knowsEarlierDrops: Bool { true }

    func isAccepted(id: String) throws(YidiError) -> Bool {
        try session.query("""
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
        let rows = try session.query(Self.idsAccepted(among: "$1::text[]", otherThan: "$2"),
                                     parameters: [.column(.texts(ids)), .value(.text(dropID))])
        return Set(rows.map { $0.text(0) })
    }

    func settlement(id: String) throws(YidiError) -> SettlementSummary? {
        guard let row = try session.query("""
            SELECT setl_id, fixmedins_code, medfee_sumamt, fund_pay_sumamt, acct_pay, reversed_by, setl_time
            FROM settlement WHERE setl_id = $1 AND drop_id <> $2
            """, [.text(id), .text(dropID)]).first else { return nil }
        return try SettlementSummary(stored: row.text(0), institutionCode: row.text(1), total: row.int(2), allFunds: row.int(3),
                                     account: row.int(4), isReversed: row.optionalText(5) != nil, settledAt: row.text(6))
    }

    /// rules.md: as ``SQLiteDropTransaction/accumulated(_:)``, read without a lock: the commit
    /// locks the key (with every other key of the drop, in one order) and checks that it still
    /// adds up to what was read here; if another drop changed it meanwhile, the commit is
    /// refused and the drop assessed again (``AccumulatorCheck``). A key read again in the same
    /// drop answers what was read first, so the drop is assessed on one view of each key.
    func accumulated(_ key: AccumulatorKey) throws(YidiError) -> (deductible: Amount, fund: Amount) {
        let text = Self.lockText(key)
        if let read = accumulatorsRead[text] { return (Self.amount(read.deductible), Self.amount(read.fund)) }
        let (args, disease) = key.queryParameters(then: .text(dropID))
        // prepared: a claims drop asks one key per person, the same text each time
        let row = try session.queryPrepared(AccumulatorCheck.earlierSums(
            key: "psn_no = $1 AND insu_admdvs = $2 AND insutype = $3 AND med_type = $4 AND year = $5 \(disease)", own: "$6"),
            parameters: args.map(SQLParameter.value))[0]
        accumulatorsRead[text] = AccumulatorCheck.Read(key: key, deductible: row.int(0), fund: row.int(1))
        return (Self.amount(row.int(0)), Self.amount(row.int(1)))
    }
}
