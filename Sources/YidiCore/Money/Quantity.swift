/// A fee line's quantity (`cnt`): a decimal > 0 with at most 12 integer and 4 fraction digits.
public struct Quantity: Hashable, Sendable, CustomStringConvertible {
    /// The value scaled by 10^4.
    var tenThousandths: Int128

    /// The scale of ``tenThousandths``.
    static let unit: Int128 = 10_000

    /// Creates a quantity from its value scaled by 10^4.
    public init(tenThousandths: Int128) { self.tenThousandths = tenThousandths }

    /// Parses `cnt` text; `nil` if the form is wrong (zero is a valid form, rejected by the schema's facet).
    public init?(_ text: String) {
        guard
            let v = ScaledDecimal.parse(
                text, maxIntegerDigits: 12, maxFractionDigits: 4,
                scale: 4, allowNegative: false)
        else { return nil }
        tenThousandths = v
    }

    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard
            let v = ScaledDecimal.parse(
                bytes, maxIntegerDigits: 12, maxFractionDigits: 4,
                scale: 4, allowNegative: false)
        else { return nil }
        tenThousandths = v
    }

    /// The quantity without trailing fraction zeros (`2`, `0.5`, `1.25`).
    public var description: String { ScaledDecimal.format(tenThousandths, scale: 4, minimumFractionDigits: 0) }
}
