/// A unit price (`pric`, `pric_uplmt_amt`): a decimal >= 0 with at most 12 integer and 6 fraction digits.
public struct UnitPrice: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value scaled by 10^6.
    var millionths: Int128

    /// Creates a price from its value scaled by 10^6.
    public init(millionths: Int128) { self.millionths = millionths }

    /// Parses `pric` text; `nil` if the form is wrong.
    public init?(_ text: String) {
        guard
            let v = ScaledDecimal.parse(
                text, maxIntegerDigits: 12, maxFractionDigits: 6,
                scale: 6, allowNegative: false)
        else { return nil }
        millionths = v
    }

    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard
            let v = ScaledDecimal.parse(
                bytes, maxIntegerDigits: 12, maxFractionDigits: 6,
                scale: 6, allowNegative: false)
        else { return nil }
        millionths = v
    }

    public static func < (lhs: UnitPrice, rhs: UnitPrice) -> Bool { lhs.millionths < rhs.millionths }

    /// The price without trailing fraction zeros.
    public var description: String { ScaledDecimal.format(millionths, scale: 6, minimumFractionDigits: 0) }

    /// `round2(quantity × price)`: the exact product has 10 fraction digits and up to 34 digits in all.
    public static func lineAmount(_ quantity: Quantity, _ price: UnitPrice) -> Amount {
        // fen = units(10^-4) × millionths(10^-6) / 10^8
        Amount(
            fen: Rounding.divideHalfAwayFromZero(
                quantity.tenThousandths * price.millionths,
                by: Rounding.pow10[8]))
    }
}
