/// How `explain` writes the numbers of a formula: amounts with two decimals, ratios with at
/// least two, exact intermediate products with every digit they have.
enum Figures {
    static func amount(_ a: Amount) -> String { a.description }

    /// `0.70`, `0.05`, `0.1234`.
    static func ratio(_ r: Ratio) -> String { ScaledDecimal.format(r.tenThousandths, scale: 4, minimumFractionDigits: 2) }

    /// A unit price with at least two decimals (`120.00`, `33.333333`).
    static func price(_ p: UnitPrice) -> String { ScaledDecimal.format(p.millionths, scale: 6, minimumFractionDigits: 2) }

    /// An exact value at `scale` without trailing zeros (`175.008`, `0.615`, `30`).
    static func exact(_ value: Int128, scale: Int) -> String { ScaledDecimal.format(value, scale: scale, minimumFractionDigits: 0) }

    /// `round2(amount × ratio)` written out: `round2(291.68 × 0.60) = round2(175.008)`.
    static func product(_ a: Amount, _ r: Ratio) -> String {
        "round2(\(amount(a)) × \(ratio(r))) = round2(\(exact(a.fen * r.tenThousandths, scale: 6)))"
    }

    /// A sum written out term by term, shortened past 12 terms.
    static func sum(_ terms: [Amount]) -> String {
        guard !terms.isEmpty else { return "0.00" }
        let shown = terms.prefix(12).map(amount).joined(separator: " + ")
        return terms.count > 12 ? shown + " + … (\(terms.count) terms)" : shown
    }

    /// `begndate..enddate` of a reference row.
    static func validity(_ range: DateRange) -> String { "\(range.begin)..\(range.end?.description ?? "")" }
}
