/// Exact integer division with the rounding rule of rules.md.
///
/// Every rounded quantity in yidi goes through ``divideHalfAwayFromZero(_:by:)``:
/// `round2(x)` of a value held at a finer scale is a division of the scaled
/// integer by a power of ten, rounding halves away from zero (`0.005 → 0.01`,
/// `-0.005 → -0.01`).
enum Rounding {
    /// Divides `numerator` by a positive `denominator`, rounding half away from zero.
    @inline(__always)
    static func divideHalfAwayFromZero(_ numerator: Int128, by denominator: Int128) -> Int128 {
        precondition(denominator > 0, "denominator must be positive")
        let magnitude = numerator.magnitude
        if magnitude <= UInt128(UInt64.max), denominator <= Int128(UInt64.max) {
            // the common case, without 128-bit division
            let m = UInt64(magnitude), d = UInt64(denominator)
            var q = m / d
            let r = m % d
            if r >= d - r { q += 1 }
            return numerator < 0 ? -Int128(q) : Int128(q)
        }
        let d = denominator.magnitude
        var quotient = magnitude / d
        let remainder = magnitude % d
        if remainder * 2 >= d { quotient += 1 }
        let q = Int128(quotient)
        return numerator < 0 ? -q : q
    }

    /// Powers of ten as 128-bit integers, `pow10[n] == 10^n` for `n` in `0...30`.
    static let pow10: [Int128] = {
        var table: [Int128] = [1]
        for _ in 1...30 { table.append(table[table.count - 1] * 10) }
        return table
    }()
}
