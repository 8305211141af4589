import CLibXML2

/// The one owner of a libxml2 push parser and the schema validation plugged into it: created
/// with the SAX callbacks and their context, fed chunk by chunk, freed once (as GRDB's
/// `Statement` owns an `sqlite3_stmt`). Nothing else holds these pointers.
final class XMLPushParser {
    private let saxSlot: UnsafeMutablePointer<UnsafeMutablePointer<xmlSAXHandler>?>
    private let userDataSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let saxHandler: UnsafeMutablePointer<xmlSAXHandler>
    private var validation: xmlSchemaValidCtxtPtr?
    private var plug: xmlSchemaSAXPlugPtr?
    /// The parser context (nil once freed, or if libxml2 could not create it).
    private(set) var context: xmlParserCtxtPtr?

    /// Prepares a parser whose callbacks `sax` receive `userData`; with a `schema`, its
    /// validation is plugged in front of them and reports to `errors` with `userData`.
    init(sax: xmlSAXHandler, userData: UnsafeMutableRawPointer, schema: CompiledSchema?, errors: xmlStructuredErrorFunc) {
        saxSlot = .allocate(capacity: 1)
        userDataSlot = .allocate(capacity: 1)
        saxHandler = .allocate(capacity: 1)
        saxHandler.initialize(to: sax)
        saxSlot.initialize(to: saxHandler)
        userDataSlot.initialize(to: userData)
        if let schema, let validation = xmlSchemaNewValidCtxt(schema.pointer) {
            self.validation = validation
            xmlSchemaSetValidStructuredErrors(validation, errors, userData)
            plug = xmlSchemaSAXPlug(validation, saxSlot, userDataSlot)
        }
    }

    deinit {
        free()
        saxSlot.deallocate()
        userDataSlot.deallocate()
        saxHandler.deallocate()
    }

    /// Creates the context from the document's first bytes (at most 4: libxml2 guesses the
    /// encoding from them), never fetching anything from the network.
    ///
    /// - Returns: false if libxml2 could not create it.
    func open(firstBytes: UnsafeRawBufferPointer) -> Bool {
        context = xmlCreatePushParserCtxt(
            saxSlot.pointee, userDataSlot.pointee,
            firstBytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(firstBytes.count), nil)
        guard let context else { return false }
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
        return true
    }

    /// Parses a chunk (`terminate`: the document ends with it).
    func feed(_ chunk: UnsafeRawBufferPointer, terminate: Bool) {
        guard let context else { return }
        _ = xmlParseChunk(context, chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(chunk.count), terminate ? 1 : 0)
    }

    /// Halts the parser: no further callback.
    func halt() {
        if let context { xmlStopParser(context) }
    }

    /// The line the parser is at now.
    var line: Int {
        guard let input = context?.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }

    /// The encoding the document declared, if any.
    var declaredEncoding: String? { context?.pointee.encoding.map { String(cString: $0) } }

    /// Whether libxml2 converts the input to UTF-8 (the document is not UTF-8).
    var convertsInput: Bool { context?.pointee.input?.pointee.buf?.pointee.encoder != nil }

    /// The interned copy of `name` in the parser's dictionary: element names arrive as these
    /// pointers, so that a name check is a pointer comparison.
    func interned(_ name: String) -> UnsafePointer<UInt8>? {
        guard let context else { return nil }
        return xmlDictLookup(context.pointee.dict, name, -1)
    }

    /// Frees the parser and the validation (once).
    func free() {
        if let plug { xmlSchemaSAXUnplug(plug) }
        plug = nil
        if let doc = context?.pointee.myDoc {  // the "SAX compatibility" document libxml2 makes for a DTD
            xmlFreeDoc(doc)
            context?.pointee.myDoc = nil
        }
        if let context { xmlFreeParserCtxt(context) }
        context = nil
        if let validation { xmlSchemaFreeValidCtxt(validation) }
        validation = nil
    }
}
