import CLibXML2
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Validates output files against the XSDs in `Schemas/` with libxml2 (the tests' own check).
enum OutputSchemas {
    /// The validity errors of `file` against `Schemas/<schema>`; empty when valid.
    static func errors(file: String, schema: String) -> [String] {
        let parserContext = xmlSchemaNewParserCtxt(Fixtures.repository + "/Schemas/" + schema)
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        guard let compiled = xmlSchemaParse(parserContext) else { return ["schema \(schema) does not compile"] }
        defer { xmlSchemaFree(compiled) }
        let context = xmlSchemaNewValidCtxt(compiled)
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = Collector()
        xmlSchemaSetValidStructuredErrors(
            context,
            { ctx, error in
                guard let ctx, let error, let message = error.pointee.message else { return }
                Unmanaged<Collector>.fromOpaque(ctx).takeUnretainedValue().messages.append(String(cString: message))
            }, Unmanaged.passUnretained(collector).toOpaque())
        let result = xmlSchemaValidateFile(context, file, 0)
        return result == 0 ? [] : (collector.messages.isEmpty ? ["invalid (\(result))"] : collector.messages)
    }

    private final class Collector { var messages: [String] = [] }
}

/// Reads the values of an acknowledgement's elements (tests only; FoundationXML's DOM).
struct AckFile {
    let fields: [String: String]
    /// `CODE:LINE` of each listed error.
    let errors: [String]

    init(path: String) throws {
        let doc = try XMLDocument(contentsOf: URL(fileURLWithPath: path))
        var f: [String: String] = [:]
        var e: [String] = []
        for node in doc.rootElement()?.children ?? [] {
            guard let element = node as? XMLElement, let name = element.localName else { continue }
            if name == "error" {
                let code = element.elements(forLocalName: "code", uri: "urn:yidi:ack:1").first?.stringValue ?? ""
                let line = element.elements(forLocalName: "line", uri: "urn:yidi:ack:1").first?.stringValue ?? "0"
                e.append("\(code):\(line)")
            } else {
                f[name] = element.stringValue
            }
        }
        fields = f
        errors = e
    }
}
