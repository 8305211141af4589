import CLibXML2
import Synchronization

/// A compiled XSD, shared read-only by every validation (libxml2 schemas are immutable once compiled).
final class CompiledSchema: @unchecked Sendable {
    let pointer: xmlSchemaPtr

    private init(pointer: xmlSchemaPtr) { self.pointer = pointer }

    deinit { xmlSchemaFree(pointer) }

    /// The schema of a drop kind, compiled once per process from the embedded copy of `Schemas/`.
    static func forKind(_ kind: DropKind) throws(YidiError) -> CompiledSchema {
        try cache.withLock { cache throws(YidiError) -> CompiledSchema in
            if let schema = cache[kind] { return schema }
            let schema = try compile(kind == .feeDetail ? EmbeddedSchemas.feeDetail : EmbeddedSchemas.manualReimbursement)
            cache[kind] = schema
            return schema
        }
    }

    private static let cache = Mutex<[DropKind: CompiledSchema]>([:])

    /// Compiles XSD text; a failure is a bug in the shipped schema.
    static func compile(_ text: String) throws(YidiError) -> CompiledSchema {
        LibXML.initializeOnce()
        var bytes = Array(text.utf8)
        let parserContext = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { xmlSchemaNewMemParserCtxt($0.baseAddress, Int32($0.count)) }
        }
        guard let parserContext else { throw YidiError(.internalError, "cannot create the schema parser") }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        let collector = LibXMLErrorCollector()
        let schema = collector.collecting { context in
            xmlSchemaSetParserStructuredErrors(parserContext, LibXMLErrorCollector.callback, context)
            return xmlSchemaParse(parserContext)
        }
        guard let schema else {
            throw YidiError(.internalError, "the embedded schema does not compile: \(collector.messages.joined(separator: "; "))")
        }
        return CompiledSchema(pointer: schema)
    }
}

/// Process-wide libxml2 set-up.
enum LibXML {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Initializes libxml2 once, before any thread uses it.
    static func initializeOnce() { _ = initialized }
}

/// Collects libxml2's structured errors as plain messages (schema compilation, sniffing).
final class LibXMLErrorCollector {
    private(set) var messages: [String] = []

    /// Runs `body` with this collector as the thread's structured error handler.
    func collecting<T>(_ body: (UnsafeMutableRawPointer) -> T) -> T {
        let context = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(context, LibXMLErrorCollector.callback)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return withExtendedLifetime(self) { body(context) }
    }

    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let collector = Unmanaged<LibXMLErrorCollector>.fromOpaque(context).takeUnretainedValue()
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        collector.messages.append(message.trimmingSpaces())
    }
}

extension String {
    /// The string without leading and trailing white space and newlines.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
