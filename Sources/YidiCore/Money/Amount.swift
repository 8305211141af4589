/// An amount of money in fen (0.01 yuan), exact.
///
/// Drop amounts have at most 14 integer digits, so every value read from a
/// drop fits with room to spare; 128 bits keep sums over millions of lines and
/// intermediate products exact without any overflow check on the hot path.
public struct Amount: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value in fen.
    public var fen: Int128

    /// Creates an amount from a number of fen.
    public init(fen: Int128) { self.fen = fen }

    /// Zero yuan.
    public static let zero = Amount(fen: 0)

    /// Parses an amount as drops.md writes it: up to 14 integer digits, up to 2 fraction digits.
    ///
    /// - Parameter allowNegative: whether a leading `-` is allowed (only where a field says so).
    public init?(_ text: String, allowNegative: Bool = false) {
        guard
            let fen = ScaledDecimal.parse(
                text, maxIntegerDigits: 14, maxFractionDigits: 2,
                scale: 2, allowNegative: allowNegative)
        else { return nil }
        self.fen = fen
    }

    init?(bytes: UnsafeBufferPointer<UInt8>, allowNegative: Bool = false) {
        guard
            let fen = ScaledDecimal.parse(
                bytes, maxIntegerDigits: 14, maxFractionDigits: 2,
                scale: 2, allowNegative: allowNegative)
        else { return nil }
        self.fen = fen
    }

    /// The amount with exactly two fraction digits, e.g. `-12.30`.
    public var description: String { ScaledDecimal.format(fen, scale: 2) }

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.fen < rhs.fen }
    /// The absolute value.
    var magnitude: Amount { Amount(fen: fen < 0 ? -fen : fen) }
    public static func + (lhs: Amount, rhs: Amount) -> Amount { Amount(fen: lhs.fen + rhs.fen) }
    public static func - (lhs: Amount, rhs: Amount) -> Amount { Amount(fen: lhs.fen - rhs.fen) }
    public static prefix func - (value: Amount) -> Amount { Amount(fen: -value.fen) }
    public static func += (lhs: inout Amount, rhs: Amount) { lhs.fen += rhs.fen }
    public static func -= (lhs: inout Amount, rhs: Amount) { lhs.fen -= rhs.fen }

    /// `round2(self × ratio)`, half away from zero.
    func multiplied(by ratio: Ratio) -> Amount {
        Amount(fen: Rounding.divideHalfAwayFromZero(fen * ratio.tenThousandths, by: Ratio.unit))
    }

    /// `round2(self × numerator ÷ denominator)`, half away from zero (e.g. `2 × q4 ÷ 3`).
    func scaled(by numerator: Int, over denominator: Int) -> Amount {
        Amount(fen: Rounding.divideHalfAwayFromZero(fen * Int128(numerator), by: Int128(denominator)))
    }

    /// The smaller of two amounts.
    static func min(_ a: Amount, _ b: Amount) -> Amount { a < b ? a : b }
    /// The larger of two amounts.
    public static func max(_ a: Amount, _ b: Amount) -> Amount { a < b ? b : a }
}
