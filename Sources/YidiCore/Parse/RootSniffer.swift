import CLibXML2

/// Finds a drop's root element with a throw-away libxml2 push parser, so that
/// the right schema can be plugged into the real parse from its first byte.
///
/// It reads no further than the root's start tag, refuses a DOCTYPE (the real
/// parse then reports it), and keeps every libxml2 message to itself.
final class RootSniffer {
    /// What the leading bytes show.
    enum Verdict: Equatable {
        /// The root element's local name and namespace.
        case root(localName: String, namespace: String?)
        /// No verdict possible: not well-formed, or a DOCTYPE; the real parse reports why.
        case failed
    }

    private(set) var verdict: Verdict?
    private var context: xmlParserCtxtPtr?
    private let handler: UnsafeMutablePointer<xmlSAXHandler>
    private let silence = LibXMLErrorCollector()

    init() {
        LibXML.initializeOnce()
        handler = .allocate(capacity: 1)
        handler.initialize(to: xmlSAXHandler())
        handler.pointee.initialized = UInt32(XML_SAX2_MAGIC)
        handler.pointee.startElementNs = { ctx, localname, _, uri, _, _, _, _, _ in
            guard let ctx, let localname else { return }
            let sniffer = Unmanaged<RootSniffer>.fromOpaque(ctx).takeUnretainedValue()
            sniffer.verdict = .root(localName: String(cString: localname), namespace: uri.map { String(cString: $0) })
            if let parser = sniffer.context { xmlStopParser(parser) }
        }
        handler.pointee.internalSubset = { ctx, _, _, _ in
            guard let ctx else { return }
            let sniffer = Unmanaged<RootSniffer>.fromOpaque(ctx).takeUnretainedValue()
            sniffer.verdict = .failed
            if let parser = sniffer.context { xmlStopParser(parser) }
        }
    }

    deinit {
        if let doc = context?.pointee.myDoc { xmlFreeDoc(doc) }
        if let context { xmlFreeParserCtxt(context) }
        handler.deallocate()
    }

    /// Feeds the next leading bytes; check ``verdict`` afterwards.
    func feed(_ bytes: UnsafeRawBufferPointer) {
        guard verdict == nil, !bytes.isEmpty else { return }
        silence.collecting { _ in
            let chars = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
            if context == nil {
                let head = min(4, bytes.count)
                context = xmlCreatePushParserCtxt(handler, Unmanaged.passUnretained(self).toOpaque(), chars, Int32(head), nil)
                guard let context else {
                    verdict = .failed
                    return
                }
                xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
                if bytes.count > head, xmlParseChunk(context, chars + head, Int32(bytes.count - head), 0) != 0,
                    verdict == nil
                {
                    verdict = .failed
                }
            } else if xmlParseChunk(context, chars, Int32(bytes.count), 0) != 0, verdict == nil {
                verdict = .failed
            }
        }
    }
}
