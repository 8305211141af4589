/// The records of a PostgreSQL drop transaction: kept in document order, then numbered and
/// written in batches (``PostgresWrites``).
extension PostgresDropTransaction {
    /// A record kept for the next batch: its table, its values in the insert's column order
    /// (`seq` holding its place in the batch until the batch numbers it), and its detail row.
    struct PendingRecord {
        var table: RecordTable
        var values: [SQLValue]
        var detail: (categories: String, lines: String)?
    }

    /// The three record tables with their insert columns: the ledger's own, then the layout's.
    enum RecordTable: CaseIterable {
        case settlement, reversal, claim

        var name: String {
            switch self {
            case .settlement: "settlement"
            case .reversal: "reversal"
            case .claim: "claim"
            }
        }

        var columns: [String] {
            switch self {
            case .settlement: ["seq", "attempt_id", "run_id", "mdtrt_prov", "insu_prov", "year"] + RecordLayout.settlement.storedNames
            case .reversal:
                ["seq", "attempt_id", "run_id", "fixmedins_code", "mdtrt_prov", "insu_prov", "insutype", "med_type"]
                    + RecordLayout.reversal.storedNames
            case .claim: ["seq", "attempt_id", "run_id", "insu_prov", "year"] + RecordLayout.claim.storedNames
            }
        }
    }

    func record(
        _ a: AssessedSettlement, dropID: String, institution: String, treatmentArea: String,
        period: ClearingPeriod
    ) throws(YidiError) {
        let v = a.settlement.visit
        let own: [SQLValue] = [
            .int(attemptID), .int(runID), .text(Self.province(treatmentArea)), .text(Self.province(v.insuredArea)),
            .int(a.settlement.settledAt.date.year)
        ]
        let values = RecordLayout.values(of: a, dropID: dropID, institution: institution, treatmentArea: treatmentArea, period: period)
        if let insutype = v.insuranceType, let medType = v.medicalType {
            pendingKeys.insert(
                Self.lockText(
                    AccumulatorKey(
                        personNumber: v.personNumber, insuredArea: v.insuredArea, insuranceType: insutype,
                        medicalType: medType, diseaseCode: v.diseaseCode,
                        year: a.settlement.settledAt.date.year)))
        }
        try keep(
            .settlement, own: own, layout: .settlement, values: values,
            detail: Self.detail(a.categories, a.settlement.lines, a.lines))
        pendingSettlementIDs.insert(a.settlement.id)
        settlementProvinces.insert(Self.province(v.insuredArea))
    }

    @discardableResult
    func record(
        _ a: AssessedReversal, dropID: String, institution: String, treatmentArea: String,
        period: ClearingPeriod
    ) throws(YidiError) -> String? {
        guard let original = a.original else { return nil }
        // an original earlier in this drop may still wait in `pending`: written first, so that
        // the reads and the mark below find it
        if pendingSettlementIDs.contains(original.id) { try writePending() }
        guard let origin = try session.query(ReversalOrigin.query(key: "$1"), [.text(original.id)]).first else {
            throw ReversalOrigin.missing(original.id, reversal: a.reversal.id)
        }
        let province = origin.text(0)
        // a reversal changes its person's accumulated year: it holds that key like a
        // settlement, so that a claim committed after it cannot count the original
        guard let insutype = InsuranceType(rawValue: origin.text(2)), let medType = MedicalType(rawValue: origin.text(3)) else {
            throw ReversalOrigin.missing(original.id, reversal: a.reversal.id)
        }
        pendingKeys.insert(
            Self.lockText(
                AccumulatorKey(
                    personNumber: origin.text(4), insuredArea: origin.text(5), insuranceType: insutype,
                    medicalType: medType, diseaseCode: origin.optionalText(6),
                    year: Int(origin.int(7)))))
        let own: [SQLValue] = [
            .int(attemptID), .int(runID), .text(institution), .text(origin.text(1)),
            .text(province), .text(origin.text(2)), .text(origin.text(3))
        ]
        try keep(
            .reversal, own: own, layout: .reversal, values: RecordLayout.values(of: a, original: original, dropID: dropID, period: period),
            detail: nil)
        // at once, as on SQLite: later reads in this transaction see the original reversed
        try markRecordsStart()
        let marked = try session.query(
            "UPDATE settlement SET reversed_by = $1 WHERE setl_id = $2 AND reversed_by IS NULL RETURNING 1",
            [.text(a.reversal.id), .text(original.id)])
        guard marked.count == 1 else { throw ReversalOrigin.missing(original.id, reversal: a.reversal.id) }
        settlementProvinces.insert(province)
        return province
    }

    /// Written at once, after the drop's savepoint: feedback drops are small and rare, and a
    /// rejected one rolls back to the savepoint like a big drop's batches.
    func record(_ feedback: AcceptedFeedback) throws(YidiError) {
        try markRecordsStart()
        try session.query(Self.feedbackInsert, Self.feedbackValues(feedback, attemptID: attemptID))
    }

    func record(_ a: AssessedClaim, dropID: String, institution: String, treatmentArea: String) throws(YidiError) {
        let v = a.claim.visit
        guard let share = a.share else { return }
        let own: [SQLValue] = [.int(attemptID), .int(runID), .text(Self.province(v.insuredArea)), .int(v.endDate.year)]
        let values = RecordLayout.values(of: a, share: share, dropID: dropID, institution: institution, treatmentArea: treatmentArea)
        try keep(.claim, own: own, layout: .claim, values: values, detail: Self.detail(a.categories, a.claim.lines, a.lines))
        claimProvinces.insert(Self.province(v.insuredArea))
    }

    /// Keeps a record for the next batch; writes the batch when it is full.
    private func keep(
        _ table: RecordTable, own: [SQLValue], layout: RecordLayout, values: RecordValues,
        detail: (categories: String, lines: String)?
    ) throws(YidiError) {
        precondition(values.count == layout.fields.count, "\(layout.element): \(values.count) values for \(layout.fields.count) fields")
        var row = own
        row.reserveCapacity(own.count + values.count)
        for (field, value) in zip(layout.fields, values) where field.isStored {
            switch value {
            case .text(let text): row.append(.text(text))
            case .amount(let amount): row.append(.int(Self.fen(amount)))
            case nil: row.append(.null)
            }
        }
        pending.append(PendingRecord(table: table, values: row, detail: detail))
        if pending.count >= Self.batchSize { try writePending() }
    }

    /// Writes the kept records now, in their own statement (before the commit).
    private func writePending() throws(YidiError) {
        try markRecordsStart()
        var batch = PostgresWrites()
        numberRecords(into: &batch, gate: nil)
        try batch.run(on: session)
    }

    /// Adds the kept records to `writes`: their accumulator keys locked (in one order, so that
    /// two drops locking the same keys wait rather than deadlock), then numbered from
    /// `record_seq` in document order, then inserted, one insert per table and one for their
    /// details, each joined to the numbers (which wait for the locks) and to `gate`.
    func numberRecords(into writes: inout PostgresWrites, gate: String?) {
        guard !pending.isEmpty else { return }
        let keys =
            pendingKeys.isEmpty
            ? ""
            : """
            , (SELECT count(*) FROM (\(AccumulatorCheck.locking(writes.bind(.texts(pendingKeys.sorted()))))) AS locks) AS locked
            """
        // numbered after the locks (and the gate, which waits on the commit's locks): the
        // ledger's order of one person's records is then the order of their commits
        writes.add(
            """
            SELECT i, nextval('record_seq') AS seq
            FROM (SELECT i FROM generate_series(1, \(writes.bind(.int(pending.count)))) AS i\(keys)\(gate.map { ", \($0)" } ?? "")
                  ORDER BY i) AS numbered
            """, as: "record_number")
        for table in RecordTable.allCases {
            let rows = pending.enumerated().filter { $0.element.table == table }.map { [SQLValue.int($0.offset + 1)] + $0.element.values }
            writes.insert(into: table.name, columns: table.columns, rows: rows, gate: gate, numbering: ("seq", "record_number"))
        }
        let details = pending.enumerated().compactMap { i, record in
            record.detail.map { [SQLValue.int(i + 1), .text($0.categories), .text($0.lines)] }
        }
        writes.insert(
            into: "record_detail", columns: ["owner_seq", "categories", "lines"], rows: details, gate: gate,
            numbering: ("owner_seq", "record_number"))
        pending.removeAll(keepingCapacity: true)
        pendingKeys.removeAll()
        pendingSettlementIDs.removeAll()
    }

    private static func detail(
        _ categories: [(category: ExpenseCategory, amount: Amount)], _ lines: [FeeLine],
        _ classified: [ClassifiedLine?]
    ) -> (categories: String, lines: String) {
        var c: [UInt8] = [], l: [UInt8] = []
        RecordDetail.encode(categories: categories, into: &c)
        RecordDetail.encode(lines: lines, classified: classified, into: &l)
        return (String(decoding: c, as: UTF8.self), String(decoding: l, as: UTF8.self))
    }

    /// The text an accumulator key is locked under (the disease for `med_type` 14 only, as the key has it).
    static func lockText(_ key: AccumulatorKey) -> String {
        [
            key.personNumber, key.insuredArea, key.insuranceType.rawValue, key.medicalType.rawValue, String(key.year),
            key.diseaseCode ?? ""
        ].joined(separator: "\u{1F}")
    }

    static func fen(_ a: Amount) -> Int64 { Int64(clamping: a.fen) }
    static func amount(_ fen: Int64) -> Amount { Amount(fen: Int128(fen)) }
    static func province(_ admdvs: String) -> String { ProvinceFileRecord.province(of: admdvs) }
}
