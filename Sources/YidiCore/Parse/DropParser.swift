import CLibXML2

/// Parses and validates one drop in a single streaming pass: libxml2's SAX2
/// push parser with the drop's XSD plugged in (`xmlSchemaSAXPlug`).
///
/// It receives inflated bytes from intake (``InflatedByteSink``), checks the
/// root (D005), refuses DOCTYPE and XInclude (D003), applies the depth and
/// text-node limits (D004), collects libxml2's errors with their lines, and
/// hands typed records to a ``DropContentHandler`` one at a time. When the
/// stream ends, ``finish(intakeFailed:)`` checks the header's counts and
/// control sum (D006, D007).
public final class DropParser: InflatedByteSink {
    /// What the parse learned, for the acknowledgement and the next stages.
    public struct Summary: Sendable {
        /// The drop's kind, once its root was recognized.
        public var kind: DropKind?
        /// The header as far as it was read.
        public var header: DropHeader?
        /// `setl` + `setl_revs` elements, or `claim` elements, as counted.
        public var recordCount = 0
        /// `fee` elements as counted.
        public var lineCount = 0
        /// Settlements minus reversals (fee detail), or claims, as counted.
        public var controlSum = Amount.zero
        /// Whether the document was read to its end without a fatal error.
        var readToEnd = false
    }

    /// Largest prologue (bytes before the root element) that is read to choose the schema.
    static let maxPrologueBytes = 1 << 20
    static let xincludeNamespace = "http://www.w3.org/2001/XInclude"

    let limits: DropLimits
    let handler: any DropContentHandler
    var summary = Summary()
    /// Validate with the schemas as written, patterns by libxml2 (the reference the pattern
    /// facets in Swift are tested against), rather than with ``PatternFacets``.
    let strictSchema: Bool
    /// Whether reading ends, quietly, once the header (or, in a drop without one, its first
    /// record) has been handed on: a look at a drop's header only (whose hospital it is). Its
    /// input is then fed in slices so that the rest of the drop is neither parsed nor validated.
    var stopsAfterHeader = false
    /// Input slice fed at a time when ``stopsAfterHeader``.
    static let headerSliceBytes = 16 * 1024

    // Choosing the schema
    private var sniffer: RootSniffer? = RootSniffer()
    private var prologue: [UInt8] = []

    // libxml2
    var xml: XMLPushParser?
    var tags = InternedTagTable()

    // Errors
    private(set) var stopped = false
    private var pending: [DropError] = []
    private var inParseCall = false

    // Pattern facets checked in Swift (DropParser+Patterns.swift)
    var patterns = PatternWindow()

    // Element state (DropParser+Elements.swift)
    var depth = 0
    var textRun = 0
    /// The field being read and its start line.
    var field: ElementTag?
    var fieldLine: Int32 = 0
    /// The field that just ended, until the next element starts: libxml2 checks a value's
    /// facets at its end tag, and its errors are placed on the element's start line.
    var endedField: (tag: ElementTag, line: Int32)?
    let text = ByteBuffer()
    /// The records being built from the element events.
    var records = RecordBuilder(kind: nil)

    /// Creates a parser that reports to `handler`.
    public convenience init(limits: DropLimits, handler: any DropContentHandler) {
        self.init(limits: limits, handler: handler, strictSchema: false)
    }

    init(limits: DropLimits, handler: any DropContentHandler, strictSchema: Bool) {
        LibXML.initializeOnce()
        self.limits = limits
        self.handler = handler
        self.strictSchema = strictSchema
    }

    deinit { tearDown() }

    // MARK: - Feeding

    func consume(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard !stopped else { return false }
        if let sniffer {
            prologue.append(contentsOf: chunk)
            sniffer.feed(chunk)
            guard sniffer.verdict != nil || prologue.count > Self.maxPrologueBytes else { return true }
            startMainParser()
            return !stopped
        }
        parse(chunk, terminate: false)
        return !stopped
    }

    /// Ends the parse and runs the header checks.
    ///
    /// - Parameter intakeFailed: intake stopped with D001/D002; the document is
    ///   then incomplete and is not terminated (no spurious errors at its cut).
    public func finish(intakeFailed: Bool) -> Summary {
        if !intakeFailed && !stopped {
            if sniffer != nil { startMainParser() }
            if !stopped { parse(UnsafeRawBufferPointer(start: nil, count: 0), terminate: true) }
            if !stopped { resolvePatternWindow() }
            if !stopped {
                summary.readToEnd = true
                for error in records.headerErrors() { report(error) }
            }
        }
        summary.header = records.header
        summary.recordCount = records.recordCount
        summary.lineCount = records.lineCount
        summary.controlSum = records.controlSum
        tearDown()
        return summary
    }

    private func startMainParser() {
        var kind: DropKind?
        if case .root(let name, let namespace)? = sniffer?.verdict {
            kind = DropKind.allCases.first { $0.rootElement == name && $0.namespace == namespace }
        }
        sniffer = nil
        summary.kind = kind
        records = RecordBuilder(kind: kind)
        var schema: CompiledSchema?
        if let kind {
            do {
                schema = try CompiledSchema.forKind(kind, strict: strictSchema)
                if !strictSchema { patterns.facets = CompiledSchema.patternFacets(of: kind) }
            } catch {
                fail(
                    .schemaInvalid, Phrase(zh: "数据包格式（XSD）无法使用：\(error.message)", en: "the schema cannot be used: \(error.message)"),
                    line: nil)
                return
            }
        }
        let xml = XMLPushParser(sax: Self.makeHandler(), userData: selfPointer, schema: schema, errors: Self.errorCallback)
        self.xml = xml
        let bytes = prologue
        prologue = []
        bytes.withUnsafeBytes { all in
            let head = min(4, all.count)
            var opened = false
            withErrorHandler { opened = xml.open(firstBytes: UnsafeRawBufferPointer(rebasing: all[..<head])) }
            guard opened else {
                fail(.notWellFormed, Phrase(zh: "无法创建 XML 解析器", en: "cannot create the XML parser"), line: nil)
                return
            }
            for tag in ElementTag.allCases {
                if let interned = xml.interned(tag.name) { tags.insert(interned, tag) }
            }
            if all.count > head { parse(UnsafeRawBufferPointer(rebasing: all[head...]), terminate: false) }
        }
    }

    private func parse(_ chunk: UnsafeRawBufferPointer, terminate: Bool) {
        guard let xml, !stopped else { return }
        inParseCall = true
        withErrorHandler {
            if stopsAfterHeader {
                var offset = 0
                repeat {
                    let end = min(chunk.count, offset + Self.headerSliceBytes)
                    xml.feed(UnsafeRawBufferPointer(rebasing: chunk[offset..<end]), terminate: terminate && end == chunk.count)
                    offset = end
                } while offset < chunk.count && !stopped
            } else {
                xml.feed(chunk, terminate: terminate)
            }
            if stopped { xml.halt() }
        }
        inParseCall = false
        flushPending()
    }

    private func withErrorHandler(_ body: () -> Void) {
        xmlSetStructuredErrorFunc(selfPointer, Self.errorCallback)
        body()
        xmlSetStructuredErrorFunc(nil, nil)
    }

    private func tearDown() {
        xml?.free()
        xml = nil
    }

    /// This parser as the opaque context of libxml2's callbacks (not retained).
    var selfPointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    // MARK: - Errors

    /// The line the parser is at now.
    var currentLine: Int { xml?.line ?? 0 }

    /// Records an error that stops reading (D003, D004 limits, D005).
    func fail(_ code: DropErrorCode, _ message: Phrase, line: Int?) {
        stop(with: DropError(code, message, line: line))
    }

    /// Records `error` and stops reading.
    ///
    /// libxml2 is normally not halted here: this runs inside a SAX callback, and halting frees the
    /// input buffer that the schema plug still reads after a text or start-tag callback returns (a
    /// use-after-free that AddressSanitizer found). The callbacks ignore every later event, no
    /// further chunk is fed, and the parser is halted once `xmlParseChunk` has returned. A DOCTYPE
    /// halts at once (`haltNow`): the plug reads nothing after the internal-subset callback, and
    /// no entity may be declared.
    func stop(with error: DropError, haltNow: Bool = false) {
        guard !stopped else { return }
        report(error)
        stopped = true
        if haltNow { xml?.halt() }
    }

    /// Ends reading without an error once the header (or the first record) was handed on
    /// (``stopsAfterHeader``); as after ``stop(with:haltNow:)``, libxml2 is halted once
    /// `xmlParseChunk` has returned.
    func stopAfterHeader() {
        stopped = true
    }

    /// Records an error; during a parse call it waits until the call returns.
    func report(_ error: DropError) {
        if inParseCall { pending.append(error) } else { handler.report(error) }
    }

    /// Hands the errors of one parse call on. A well-formedness error decides
    /// first: schema errors the validator raised at or after its line in the
    /// same call are its echoes and are dropped.
    private func flushPending() {
        guard !pending.isEmpty else { return }
        let cut = pending.first { $0.code == .notWellFormed }?.line
        for error in pending {
            if let cut, error.code == .schemaInvalid, (error.line ?? 0) >= cut { continue }
            handler.report(error)
        }
        pending.removeAll(keepingCapacity: true)
    }

    private func didReceive(_ error: xmlErrorPtr) {
        guard !stopped else { return }
        let e = error.pointee
        guard e.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = e.message.map { String(cString: $0) } ?? "unknown XML error"
        for kind in DropKind.allCases { message = message.replacingAll("{\(kind.namespace)}", with: "") }
        message = message.trimmingSpaces()
        var line = e.line > 0 ? Int(e.line) : currentLine
        if e.domain == Int32(XML_FROM_SCHEMASV.rawValue) {
            line = startLine(ofElementIn: message) ?? line
            if !PatternWindow.facetCodes.contains(e.code) { patterns.nonFacetErrors += 1 }
            report(schemaError(message, line: line))
        } else {
            fail(.notWellFormed, Phrase(zh: "XML 格式不正确：\(message)", en: "not well-formed XML: \(message)"), line: line)
        }
    }

    /// The start line of the field a validity message is about ("Element 'cnt': …"), when that
    /// field is the one being read or the one that just ended: one rule for every error about
    /// an element, its start line, whether libxml2 or Swift found it.
    private func startLine(ofElementIn message: String) -> Int? {
        if let field, message.hasPrefix("Element '\(field.name)'") { return Int(fieldLine) }
        if let ended = endedField, message.hasPrefix("Element '\(ended.tag.name)'") { return Int(ended.line) }
        return nil
    }

    /// A D004 placed in the record being read, worded for the hospital (field, value, rule).
    func schemaError(_ message: String, line: Int) -> DropError {
        let wording = SchemaErrorWording(libxml2: message)
        var validity = DropError(.schemaInvalid, wording.message, line: line, field: wording.field, found: wording.found)
        records.place(&validity)
        return validity
    }

    static let errorCallback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<DropParser>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.didReceive(error) }
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
