/// The lock rules of several workers on one PostgreSQL ledger (operations.md), taken in one
/// place: a drop's accumulator keys — of its settlements, of the settlements its reversals
/// name, of its claims — are locked (`pg_advisory_xact_lock`) all at once and in one order (the
/// keys' bytes), and held until the commit ends: a settlement's and a reversal's at the commit,
/// a claim's when the drop's claims ask their accumulators together (at the end of the drop,
/// or of each batch of 1 000), just before that read, so that what the claims count cannot
/// change before their commit. A key read without its lock (kept for safety: every read takes
/// it now) is checked again at the commit, after the locks are held: a key that no longer adds
/// up to what was read refuses the commit, and the drop is assessed again with its keys locked
/// before it is read again. So two drops of at most one batch never wait on each other's keys
/// in opposite orders, and no drop counts on not seeing another.
enum AccumulatorCheck {
    /// What a claim counted under a key: the ledger's sums of earlier drops when it was read.
    struct Read {
        var key: AccumulatorKey
        var deductible: Int64
        var fund: Int64
    }

    /// The query that locks the keys of the text array `keys` (a placeholder), in the one
    /// order: the only place a key is locked.
    static func locking(_ keys: String) -> String {
        "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(\(keys)::text[]) AS k ORDER BY k COLLATE \"C\""
    }

    /// The statement that locks `keys` (lock texts) before the commit's statement.
    static func lockStatement(_ keys: Set<String>) -> (sql: String, parameters: [SQLParameter]) {
        ("SELECT count(*) FROM (\(locking("$1"))) AS locks", [.column(.texts(keys.sorted()))])
    }

    /// The part of the commit's statement, named `stale`, that finds a key of `reads` whose
    /// earlier drops no longer add up to what was read (the drop `own`, a placeholder, left out).
    static func gatherStaleCheck(_ reads: [Read], own: String, into writes: inout PostgresWrites) -> String {
        let p = writes.bind(.texts(reads.map(\.key.personNumber)))
        let a = writes.bind(.texts(reads.map(\.key.insuredArea)))
        let t = writes.bind(.texts(reads.map(\.key.insuranceType.rawValue)))
        let m = writes.bind(.texts(reads.map(\.key.medicalType.rawValue)))
        let dc = writes.bind(.texts(reads.map { $0.key.diseaseCode ?? "" }))
        let y = writes.bind(.ints(reads.map { Int64($0.key.year) }))
        let d = writes.bind(.ints(reads.map(\.deductible)))
        let f = writes.bind(.ints(reads.map(\.fund)))
        let sums = earlierSums(
            key: "psn_no = k.p AND insu_admdvs = k.a AND insutype = k.t AND med_type = k.m AND year = k.y "
                + "AND (k.m <> '14' OR dise_codg = k.dc)", own: own)
        writes.add(
            """
            SELECT 1 FROM unnest(\(p)::text[], \(a)::text[], \(t)::text[], \(m)::text[], \(dc)::text[], \(y)::bigint[],
                                 \(d)::bigint[], \(f)::bigint[]) AS k(p, a, t, m, dc, y, d, f)
            WHERE (SELECT (s.d, s.f) FROM (\(sums)) AS s) IS DISTINCT FROM (k.d, k.f)
            LIMIT 1
            """, as: "stale")
        return "stale"
    }

    /// rules.md: the deductible and fund (`d`, `f`, one row) that a person's earlier drops
    /// accumulated under a key — settlements not reversed, and claims — where `key` is the
    /// condition on the key's columns and `own` (a placeholder) the drop left out. Read by a
    /// claim and checked again at its commit: one query for both.
    static func earlierSums(key: String, own: String) -> String {
        """
        SELECT COALESCE(SUM(e.d), 0)::bigint AS d, COALESCE(SUM(e.f), 0)::bigint AS f FROM (
          SELECT act_pay_dedc AS d, hifp_pay AS f FROM settlement WHERE \(key) AND reversed_by IS NULL AND drop_id <> \(own)
          UNION ALL SELECT act_pay_dedc, hifp_pay FROM claim WHERE \(key) AND drop_id <> \(own)) AS e
        """
    }
}
