import CLibXML2

/// A compiled XSD, shared read-only by every validation (libxml2 schemas are immutable once compiled).
final class CompiledSchema: @unchecked Sendable {
    let pointer: xmlSchemaPtr

    private init(pointer: xmlSchemaPtr) { self.pointer = pointer }

    deinit { xmlSchemaFree(pointer) }

    /// The schema of a drop kind, compiled once per process from the embedded copy of `Schemas/`:
    /// as written (`strict`), or without the pattern facets that ``PatternFacets`` checks in Swift.
    static func forKind(_ kind: DropKind, strict: Bool = false) throws(YidiError) -> CompiledSchema {
        try cache.withLock { cache throws(YidiError) -> CompiledSchema in
            let key = "\(kind.rawValue) \(strict)"
            if let schema = cache[key] { return schema }
            let schema = try compile(strict ? text(of: kind) : patternFacets(of: kind).relaxedSchema)
            cache[key] = schema
            return schema
        }
    }

    /// The pattern facets of a drop kind's schema, read once per process.
    static func patternFacets(of kind: DropKind) -> PatternFacets {
        facetCache.withLock { cache in
            if let facets = cache[kind] { return facets }
            let facets = PatternFacets(schema: text(of: kind))
            cache[kind] = facets
            return facets
        }
    }

    private static func text(of kind: DropKind) -> String {
        switch kind {
        case .feeDetail: EmbeddedSchemas.feeDetail
        case .manualReimbursement: EmbeddedSchemas.manualReimbursement
        case .reconFeedback: EmbeddedSchemas.reconFeedback
        }
    }

    private static let cache = Locked<[String: CompiledSchema]>([:])
    private static let facetCache = Locked<[DropKind: PatternFacets]>([:])

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
