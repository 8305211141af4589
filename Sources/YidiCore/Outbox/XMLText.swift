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

    private mutating func indent() {
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    private mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    private mutating func appendEscaped(_ s: String) {
        for b in s.utf8 {
            switch b {
            case 0x26: append("&amp;")
            case 0x3C: append("&lt;")
            case 0x3E: append("&gt;")
            case 0x22: append("&quot;")
            default: bytes.append(b)
            }
        }
    }

    /// Escapes `&`, `<`, `>` and `"`.
    static func escape(_ s: String) -> String {
        var x = XMLText(declaration: false)
        x.appendEscaped(s)
        return x.text
    }
}
