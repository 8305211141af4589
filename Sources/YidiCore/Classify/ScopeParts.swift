/// The four payment-scope parts of a line or a settlement; they always add up to its amount.
public struct ScopeParts: Sendable, Hashable {
    /// `fulamt_ownpay_amt`: class C, fully self-paid.
    var fullySelfPaid = Amount.zero
    /// `overlmt_selfpay` (`overlmt_amt` per line): above the unit price cap.
    var overCap = Amount.zero
    /// `preselfpay_amt`: the class-B first self-paid share.
    var firstSelfPaid = Amount.zero
    /// `inscp_scp_amt`: in the payment scope.
    public var inScope = Amount.zero

    /// All zero.
    public init() {}

    /// The sum of the four parts.
    public var total: Amount { fullySelfPaid + overCap + firstSelfPaid + inScope }

    public static func += (lhs: inout ScopeParts, rhs: ScopeParts) {
        lhs.fullySelfPaid += rhs.fullySelfPaid
        lhs.overCap += rhs.overCap
        lhs.firstSelfPaid += rhs.firstSelfPaid
        lhs.inScope += rhs.inScope
    }

    /// Splits a line amount by the catalog item (rules.md, "Classifying a fee line").
    ///
    /// `amount` is the line amount as written, even when it is not `round2(cnt × pric)`.
    public static func split(amount: Amount, quantity: Quantity, price: UnitPrice, item: CatalogItem) -> ScopeParts {
        var parts = ScopeParts()
        if item.itemClass == .classC {
            parts.fullySelfPaid = amount
            return parts
        }
        if let cap = item.priceCap, price > cap {
            // round2((pric − cap) × cnt): 10^-6 × 10^-4 → fen is a division by 10^8
            let excess = (price.millionths - cap.millionths) * quantity.tenThousandths
            parts.overCap = Amount(fen: Rounding.divideHalfAwayFromZero(excess, by: Rounding.pow10[8]))
        }
        let base = amount - parts.overCap
        if item.itemClass == .classB { parts.firstSelfPaid = base.multiplied(by: item.selfPayShare) }
        parts.inScope = base - parts.firstSelfPaid
        return parts
    }
}
