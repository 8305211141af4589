/// The records of the province files built from what a drop's transaction records, by the
/// same ``RecordLayout`` as ``SQLiteLedger`` reads them back: the night's spool renders these
/// while the drop streams, and a crashed night's files are rendered from the ledger; both give
/// the same bytes.
extension ProvinceFileRecord {
    /// A `setl` as recorded.
    static func settlement(
        _ a: AssessedSettlement, dropID: String, institution: String, treatmentArea: String,
        period: ClearingPeriod
    ) -> ProvinceFileRecord {
        let values = RecordLayout.values(of: a, dropID: dropID, institution: institution, treatmentArea: treatmentArea, period: period)
        return ProvinceFileRecord(
            element: RecordLayout.settlement.element, fields: RecordLayout.settlement.fileFields(values),
            categories: categories(a.categories), lines: lines(a.settlement.lines, a.lines))
    }

    /// A `setl_revs` as recorded: the original's amounts, negated.
    static func reversal(
        _ a: AssessedReversal, original: SettlementSummary, dropID: String,
        period: ClearingPeriod
    ) -> ProvinceFileRecord {
        let values = RecordLayout.values(of: a, original: original, dropID: dropID, period: period)
        return ProvinceFileRecord(element: RecordLayout.reversal.element, fields: RecordLayout.reversal.fileFields(values))
    }

    /// A `claim` as recorded, with the reimbursement the fund pays.
    static func claim(
        _ a: AssessedClaim, share: FundShare, dropID: String, institution: String,
        treatmentArea: String
    ) -> ProvinceFileRecord {
        let values = RecordLayout.values(of: a, share: share, dropID: dropID, institution: institution, treatmentArea: treatmentArea)
        return ProvinceFileRecord(
            element: RecordLayout.claim.element, fields: RecordLayout.claim.fileFields(values),
            categories: categories(a.categories), lines: lines(a.claim.lines, a.lines))
    }

    private static func categories(_ totals: [(category: ExpenseCategory, amount: Amount)]) -> [(category: String, amount: Amount)] {
        totals.map { ($0.category.rawValue, $0.amount) }
    }

    /// The classified lines, in document order (an accepted drop has every line classified).
    private static func lines(_ lines: [FeeLine], _ classified: [ClassifiedLine?]) -> [FeeLineEntry] {
        var out: [FeeLineEntry] = []
        out.reserveCapacity(lines.count)
        for (i, line) in lines.enumerated() {
            guard i < classified.count, let c = classified[i] else { continue }
            out.append(
                FeeLineEntry(
                    serialNumber: line.serialNumber, occurredAt: line.occurredAt,
                    hospitalItemCode: line.hospitalItemCode, nationalCode: c.nationalCode,
                    category: c.category.rawValue, itemClass: c.itemClass.rawValue,
                    quantityText: line.quantityText, unitPriceText: line.unitPriceText,
                    amount: line.amount, parts: c.parts))
        }
        return out
    }
}
