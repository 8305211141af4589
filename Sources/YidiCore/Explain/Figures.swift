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

    /// A sum written out term by term, every term (the text shortens it for a terminal).
    static func sum(_ terms: [Amount]) -> String {
        guard !terms.isEmpty else { return "0.00" }
        return terms.map(amount).joined(separator: " + ")
    }

    /// How many terms a sum shows on a terminal without `--full`.
    static let shownTerms = 12

    /// `formula` with a sum of more than ``shownTerms`` terms cut after them, the count said.
    static func shortened(_ formula: String) -> String {
        var terms: [Substring] = []
        var rest = Substring(formula)
        while let plus = rest.firstRange(of: " + ") {
            terms.append(rest[..<plus.lowerBound])
            rest = rest[plus.upperBound...]
        }
        terms.append(rest)
        guard terms.count > shownTerms else { return formula }
        return terms.prefix(shownTerms).joined(separator: " + ") + " + … (\(terms.count) terms)"
    }

    /// `begndate..enddate` of a reference row.
    static func validity(_ range: DateRange) -> String { "\(range.begin)..\(range.end?.description ?? "")" }
}
