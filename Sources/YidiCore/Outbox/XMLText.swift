/// Builds an XML document as text, one element per line, escaping content.
struct XMLText {
    private(set) var text: String
    private var depth: Int

    /// A document (with the XML declaration) or a fragment at `depth`.
    init(declaration: Bool = true, depth: Int = 0) {
        text = declaration ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        self.depth = depth
    }

    /// Opens an element (with a namespace for the root).
    mutating func open(_ name: String, namespace: String? = nil) {
        indent()
        text += namespace.map { "<\(name) xmlns=\"\($0)\">\n" } ?? "<\(name)>\n"
        depth += 1
    }

    /// Closes an element.
    mutating func close(_ name: String) {
        depth -= 1
        indent()
        text += "</\(name)>\n"
    }

    /// A leaf element with text content.
    mutating func element(_ name: String, _ value: String) {
        indent()
        text += "<\(name)>\(Self.escape(value))</\(name)>\n"
    }

    /// A leaf element, left out when `value` is nil.
    mutating func element(_ name: String, _ value: String?) {
        if let value { element(name, value) }
    }

    private mutating func indent() { text += depth < Self.indents.count ? Self.indents[depth] : String(repeating: "  ", count: depth) }

    private static let indents = (0..<12).map { String(repeating: "  ", count: $0) }

    /// Escapes `&`, `<`, `>` and `"` (scanning UTF-8 bytes: most values need nothing).
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
