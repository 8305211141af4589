/// Reads and writes exact decimals as scaled integers, never through floating point.
///
/// The accepted form is the one the XSD patterns fix (drops.md): optional
/// surrounding XML whitespace, an optional `-` where allowed, 1 to
/// `maxIntegerDigits` digits, and optionally `.` followed by 1 to
/// `maxFractionDigits` digits. No `+`, no exponent, no bare `.5` or `5.`.
enum ScaledDecimal {
    /// Parses UTF-8 bytes into an integer scaled by `10^scale`; `nil` if the form is wrong.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>,
        maxIntegerDigits: Int,
        maxFractionDigits: Int,
        scale: Int,
        allowNegative: Bool
    ) -> Int128? {
        var start = 0
        var end = bytes.count
        while start < end, isXMLSpace(bytes[start]) { start += 1 }
        while end > start, isXMLSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        var negative = false
        if bytes[start] == UInt8(ascii: "-") {
            guard allowNegative else { return nil }
            negative = true
            start += 1
        }
        var value: Int128 = 0
        var integerDigits = 0
        var i = start
        while i < end, let digit = digitValue(bytes[i]) {
            integerDigits += 1
            guard integerDigits <= maxIntegerDigits else { return nil }  // before the value can overflow
            value = value * 10 + Int128(digit)
            i += 1
        }
        guard integerDigits >= 1 else { return nil }
        var fractionDigits = 0
        if i < end {
            guard bytes[i] == UInt8(ascii: "."), i + 1 < end else { return nil }
            i += 1
            while i < end, let digit = digitValue(bytes[i]) {
                fractionDigits += 1
                guard fractionDigits <= maxFractionDigits else { return nil }
                value = value * 10 + Int128(digit)
                i += 1
            }
            guard i == end, fractionDigits >= 1 else { return nil }
        }
        precondition(maxFractionDigits <= scale, "scale must hold every fraction digit")
        value *= Rounding.pow10[scale - fractionDigits]
        return negative ? -value : value
    }

    /// Parses a Swift string (reference data, tests) the same way as bytes.
    static func parse(
        _ text: String, maxIntegerDigits: Int, maxFractionDigits: Int, scale: Int, allowNegative: Bool
    ) -> Int128? {
        var copy = text
        return copy.withUTF8 {
            parse(
                $0, maxIntegerDigits: maxIntegerDigits, maxFractionDigits: maxFractionDigits,
                scale: scale, allowNegative: allowNegative)
        }
    }

    /// Formats a scaled integer with exactly `fractionDigits` digits after the point.
    ///
    /// `trimTrailingZeros` keeps at least `minimumFractionDigits` digits (used for
    /// `cnt`, `pric` and ratios, which are written without padding).
    static func format(_ value: Int128, scale: Int, minimumFractionDigits: Int? = nil) -> String {
        let magnitude = value.magnitude
        let unit = UInt128(Rounding.pow10[scale])
        let integerPart = magnitude / unit
        var fraction = String(magnitude % unit)
        if scale > 0 {
            fraction = String(repeating: "0", count: scale - fraction.count) + fraction
        }
        if let keep = minimumFractionDigits {
            while fraction.count > keep, fraction.last == "0" { fraction.removeLast() }
        }
        let sign = value < 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(integerPart)" : "\(sign)\(integerPart).\(fraction)"
    }

    @inline(__always)
    static func isXMLSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always)
    private static func digitValue(_ byte: UInt8) -> UInt8? {
        byte &- 0x30 < 10 ? byte &- 0x30 : nil
    }
}
