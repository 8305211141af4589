extension String {
    /// The text as it can be printed on one line and reach a terminal or an XML file unharmed:
    /// a line break, a tab or another control character (Unicode Cc: a NUL in a CSV field, a
    /// newline libxml2 quotes from a value, an escape sequence in an inbox file name) written
    /// as `\n`, `\r`, `\t` or `\xNN`.
    public var oneLine: String {
        guard unicodeScalars.contains(where: Self.isControl) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Self.isControl(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\x" + (hex.count < 2 ? "0" : "") + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Unicode's control characters (Cc): C0, DEL and C1 (a terminal takes U+009B for an escape).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F)
    }
}
