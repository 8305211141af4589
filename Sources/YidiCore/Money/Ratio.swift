/// A ratio between 0 and 1 with at most 4 fraction digits (payment ratios, cuts, class-B shares).
public struct Ratio: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value scaled by 10^4 (`0.7` is `7000`).
    var tenThousandths: Int128

    static let unit: Int128 = 10_000

    /// Creates a ratio from its value scaled by 10^4.
    public init(tenThousandths: Int128) { self.tenThousandths = tenThousandths }

    /// No share at all.
    public static let zero = Ratio(tenThousandths: 0)

    /// Parses a ratio written as a decimal in `0...1`; `nil` otherwise.
    public init?(_ text: String) {
        guard
            let v = ScaledDecimal.parse(
                text, maxIntegerDigits: 1, maxFractionDigits: 4,
                scale: 4, allowNegative: false),
            v <= Ratio.unit
        else { return nil }
        tenThousandths = v
    }

    public static func < (lhs: Ratio, rhs: Ratio) -> Bool { lhs.tenThousandths < rhs.tenThousandths }

    /// `max(0, self − cut)`: a payment ratio after a filing-type cut, clamped at zero.
    func cut(by other: Ratio) -> Ratio {
        Ratio(tenThousandths: Swift.max(0, tenThousandths - other.tenThousandths))
    }

    /// The ratio without trailing zeros (`0.7`, `0.05`, `1`).
    public var description: String { ScaledDecimal.format(tenThousandths, scale: 4, minimumFractionDigits: 0) }
}
