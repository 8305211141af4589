/// Builds an XML document as UTF-8 bytes, one element per line, escaping content.
///
/// Province files hold every fee line again (a gigabyte a busy night), so the writer appends
/// bytes to one reusable ``ByteBuffer`` rather than building strings. A value holds its buffer
/// by reference: make one per document, do not copy it.
struct XMLText {
    private let buffer = ByteBuffer()
    private var depth: Int

    /// A document (with the XML declaration) or a fragment at `depth`.
    init(declaration: Bool = true, depth: Int = 0) {
        self.depth = depth
        if declaration { buffer.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") }
    }

    /// The document as a string.
    var text: String { buffer.withBytes { String(decoding: $0, as: UTF8.self) } }

    /// How many bytes the document holds.
    var byteCount: Int { buffer.count }

    /// The document's bytes, valid for the duration of `body`.
    func withBytes<E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        try buffer.withBytes { (b) throws(E) in try body(UnsafeRawBufferPointer(b)) }
    }

    /// Empties the buffer, keeping its capacity and the current depth.
    mutating func removeAll() { buffer.removeAll() }

    /// Opens an element (with a namespace for the root).
    mutating func open(_ name: String, namespace: String? = nil) {
        indent()
        buffer.append(0x3C)
        append(name)
        if let namespace {
            buffer.append(" xmlns=\"")
            append(namespace)
            buffer.append(0x22)
        }
        buffer.append(">\n")
        depth += 1
    }

    /// Closes an element.
    mutating func close(_ name: String) {
        depth -= 1
        indent()
        buffer.append("</")
        append(name)
        buffer.append(">\n")
    }

    /// A leaf element with text content.
    mutating func element(_ name: String, _ value: String) {
        startLeaf(name)
        appendEscaped(value)
        endLeaf(name)
    }

    /// A leaf element, left out when `value` is nil.
    mutating func element(_ name: String, _ value: String?) {
        if let value { element(name, value) }
    }

    // MARK: - The hot path of the province files: literal names, values written as bytes

    /// Opens an element named by a literal.
    mutating func open(literal name: StaticString) {
        indent()
        buffer.append(0x3C)
        buffer.append(name)
        buffer.append(">\n")
        depth += 1
    }

    /// Closes an element named by a literal.
    mutating func close(literal name: StaticString) {
        depth -= 1
        indent()
        buffer.append("</")
        buffer.append(name)
        buffer.append(">\n")
    }

    /// A leaf element with text content.
    mutating func element(_ name: StaticString, text: String) {
        startLeaf(name)
        appendEscaped(text)
        endLeaf(name)
    }

    /// A leaf element with an amount (two fraction digits, as ``Amount/description``).
    mutating func element(_ name: StaticString, amount: Amount) {
        startLeaf(name)
        appendAmount(amount)
        endLeaf(name)
    }

    /// A leaf element with an amount, named at run time (the record fields of province files).
    mutating func element(_ name: String, amount: Amount) {
        startLeaf(name)
        appendAmount(amount)
        endLeaf(name)
    }

    private func appendAmount(_ amount: Amount) {
        let fen = amount.fen
        if fen < 0 { buffer.append(0x2D) }
        if let small = UInt64(exactly: fen.magnitude) {
            appendFen(small)
        } else {
            appendFen(fen.magnitude)
        }
    }

    /// A leaf element with a date and time (`YYYY-MM-DDThh:mm:ss`, as ``LocalDateTime/description``).
    mutating func element(_ name: StaticString, time: LocalDateTime) {
        startLeaf(name)
        let d = time.date, t = time.secondOfDay
        appendDigits(d.year, 4)
        buffer.append(0x2D)
        appendDigits(d.month, 2)
        buffer.append(0x2D)
        appendDigits(d.day, 2)
        buffer.append(0x54)
        appendDigits(t / 3600, 2)
        buffer.append(0x3A)
        appendDigits(t / 60 % 60, 2)
        buffer.append(0x3A)
        appendDigits(t % 60, 2)
        endLeaf(name)
    }

    /// `fen` as `yuan.ff`, at least one digit before the point.
    private func appendFen<T: UnsignedInteger>(_ fen: T) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { digits in
            var rest = fen, n = 0
            repeat {
                digits[47 - n] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                n += 1
                if n == 2 {
                    digits[47 - n] = 0x2E
                    n += 1
                }
            } while rest > 0 || n < 4
            buffer.append(digits.baseAddress! + (48 - n), n)
        }
    }

    private func startLeaf(_ name: String) {
        indent()
        buffer.append(0x3C)
        append(name)
        buffer.append(0x3E)
    }

    private func endLeaf(_ name: String) {
        buffer.append("</")
        append(name)
        buffer.append(">\n")
    }

    private func startLeaf(_ name: StaticString) {
        indent()
        buffer.append(0x3C)
        buffer.append(name)
        buffer.append(0x3E)
    }

    private func endLeaf(_ name: StaticString) {
        buffer.append("</")
        buffer.append(name)
        buffer.append(">\n")
    }

    /// `value` in at least `width` digits.
    private func appendDigits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        if rest >= divisor * 10 {  // wider than the field: as many digits as it has
            appendDigits(rest / (divisor * 10), 1)
            rest %= divisor * 10
        }
        while divisor > 0 {
            buffer.append(0x30 + UInt8(truncatingIfNeeded: rest / divisor % 10))
            divisor /= 10
        }
    }

    private func indent() { buffer.append(repeating: 0x20, count: 2 * depth) }

    private func append(_ s: String) {
        var copy = s
        copy.withUTF8 { buffer.append($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
    }

    private func appendEscaped(_ s: String) {
        var copy = s
        copy.withUTF8 { text in
            guard let base = text.baseAddress else { return }
            var start = 0
            for i in 0..<text.count {
                let b = text[i]
                guard b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 else { continue }
                buffer.append(base + start, i - start)
                switch b {
                case 0x26: buffer.append("&amp;")
                case 0x3C: buffer.append("&lt;")
                case 0x3E: buffer.append("&gt;")
                default: buffer.append("&quot;")
                }
                start = i + 1
            }
            buffer.append(base + start, text.count - start)
        }
    }
}
