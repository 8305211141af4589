/// Builds an XML document as UTF-8 bytes, one element per line, escaping content.
///
/// Province files hold every fee line again (a gigabyte a busy night), so the writer appends
/// bytes to one reusable buffer rather than building strings.
struct XMLText {
    private(set) var bytes: [UInt8] = []
    private var depth: Int

    /// A document (with the XML declaration) or a fragment at `depth`.
    init(declaration: Bool = true, depth: Int = 0) {
        self.depth = depth
        bytes.reserveCapacity(4096)
        if declaration { append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") }
    }

    /// The document as a string.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Empties the buffer, keeping its capacity and the current depth.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Opens an element (with a namespace for the root).
    mutating func open(_ name: String, namespace: String? = nil) {
        indent()
        bytes.append(0x3C)
        append(name)
        if let namespace {
            append(" xmlns=\"")
            append(namespace)
            bytes.append(0x22)
        }
        append(">\n")
        depth += 1
    }

    /// Closes an element.
    mutating func close(_ name: String) {
        depth -= 1
        indent()
        append("</")
        append(name)
        append(">\n")
    }

    /// A leaf element with text content.
    mutating func element(_ name: String, _ value: String) {
        indent()
        bytes.append(0x3C)
        append(name)
        bytes.append(0x3E)
        appendEscaped(value)
        append("</")
        append(name)
        append(">\n")
    }

    /// A leaf element, left out when `value` is nil.
    mutating func element(_ name: String, _ value: String?) {
        if let value { element(name, value) }
    }

    // MARK: - The hot path of the province files: static names, values written as bytes

    /// Opens an element named by a literal.
    mutating func open(literal name: StaticString) {
        indent()
        bytes.append(0x3C)
        append(name)
        bytes.append(0x3E)
        bytes.append(0x0A)
        depth += 1
    }

    /// Closes an element named by a literal.
    mutating func close(literal name: StaticString) {
        depth -= 1
        indent()
        bytes.append(0x3C)
        bytes.append(0x2F)
        append(name)
        bytes.append(0x3E)
        bytes.append(0x0A)
    }

    /// A leaf element with text content.
    mutating func element(_ name: StaticString, text: String) {
        startLeaf(name)
        appendEscaped(text)
        endLeaf(name)
    }

    /// A leaf element with an amount (two fraction digits).
    mutating func element(_ name: StaticString, amount: Amount) {
        startLeaf(name)
        Self.appendAmount(amount, to: &bytes)
        endLeaf(name)
    }

    /// A leaf element with a date and time.
    mutating func element(_ name: StaticString, time: LocalDateTime) {
        startLeaf(name)
        let d = time.date, t = time.secondOfDay
        appendDigits(d.year, 4); bytes.append(0x2D); appendDigits(d.month, 2); bytes.append(0x2D); appendDigits(d.day, 2)
        bytes.append(0x54)
        appendDigits(t / 3600, 2); bytes.append(0x3A); appendDigits(t / 60 % 60, 2); bytes.append(0x3A); appendDigits(t % 60, 2)
        endLeaf(name)
    }

    /// Appends `amount` as `Amount.description` writes it (`-12.30`), without a string.
    static func appendAmount(_ amount: Amount, to bytes: inout [UInt8]) {
        let fen = amount.fen
        if fen < 0 { bytes.append(0x2D) }
        if let small = UInt64(exactly: fen.magnitude) {
            appendFen(small, to: &bytes)
        } else {
            appendFen(fen.magnitude, to: &bytes)
        }
    }

    /// `fen` as `yuan.ff`, at least one digit before the point.
    private static func appendFen<T: UnsignedInteger>(_ fen: T, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var rest = fen, n = 0
            repeat {
                buffer[47 - n] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                n += 1
                if n == 2 { buffer[47 - n] = 0x2E; n += 1 }
            } while rest > 0 || n < 4
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[(48 - n)...]))
        }
    }

    private mutating func startLeaf(_ name: StaticString) {
        indent()
        bytes.append(0x3C)
        append(name)
        bytes.append(0x3E)
    }

    private mutating func endLeaf(_ name: StaticString) {
        bytes.append(0x3C)
        bytes.append(0x2F)
        append(name)
        bytes.append(0x3E)
        bytes.append(0x0A)
    }

    private mutating func append(_ name: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    private mutating func appendDigits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        if rest >= divisor * 10 {  // wider than the field: as many digits as it has
            appendDigits(rest / (divisor * 10), 1)
            rest %= divisor * 10
        }
        while divisor > 0 {
            bytes.append(0x30 + UInt8(truncatingIfNeeded: rest / divisor % 10))
            divisor /= 10
        }
    }

    private mutating func indent() {
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    private mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    private mutating func appendEscaped(_ s: String) {
        var copy = s
        copy.withUTF8 { text in
            var start = 0
            for i in 0..<text.count {
                let b = text[i]
                guard b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<i]))
                switch b {
                case 0x26: append("&amp;")
                case 0x3C: append("&lt;")
                case 0x3E: append("&gt;")
                default: append("&quot;")
                }
                start = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
        }
    }

    /// Escapes `&`, `<`, `>` and `"`.
    static func escape(_ s: String) -> String {
        var x = XMLText(declaration: false)
        x.appendEscaped(s)
        return x.text
    }
}
