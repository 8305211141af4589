import CLibXML2

extension DropParser {
    /// The SAX2 handler: only the callbacks yidi needs, nothing that builds a tree or loads anything.
    static func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { ctx, localname, _, uri, _, _, _, _, _ in
            guard let ctx, let localname else { return }
            Unmanaged<DropParser>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.didStart(localname, uri) }
        }
        sax.endElementNs = { ctx, _, _, _ in
            guard let ctx else { return }
            Unmanaged<DropParser>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.didEnd() }
        }
        let characters: charactersSAXFunc = { ctx, chars, length in
            guard let ctx, let chars else { return }
            Unmanaged<DropParser>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.didRead(chars, Int(length)) }
        }
        sax.characters = characters
        sax.cdataBlock = characters
        sax.ignorableWhitespace = characters
        sax.internalSubset = { ctx, _, _, _ in
            guard let ctx else { return }
            Unmanaged<DropParser>.fromOpaque(ctx)._withUnsafeGuaranteedRef {
                $0.stop(
                    with: DropError(
                        .notWellFormed, Phrase(zh: "不接受 DOCTYPE 声明", en: "DOCTYPE declarations are refused"), line: $0.currentLine),
                    haltNow: true)
            }
        }
        return sax
    }

    // MARK: - Events

    func didStart(_ localname: UnsafePointer<UInt8>, _ uri: UnsafePointer<UInt8>?) {
        guard !stopped else { return }
        resolvePatternWindow()
        depth += 1
        defer { closePatternWindow(.started(depth: depth)) }
        textRun = 0
        field = nil
        endedField = nil
        if depth > limits.maxDepth {
            fail(
                .schemaInvalid, Phrase(zh: "元素嵌套深度超过 \(limits.maxDepth) 层", en: "elements nested deeper than \(limits.maxDepth)"),
                line: currentLine)
            return
        }
        guard let tag = tags.tag(localname) else {
            if let uri, String(cString: uri) == Self.xincludeNamespace {
                fail(.notWellFormed, Phrase(zh: "不接受 XInclude", en: "XInclude is refused"), line: currentLine)
            } else if depth == 1, checkEncoding() {
                checkRoot(localname, uri)
            }
            return
        }
        if depth == 1 {
            if checkEncoding() { checkRoot(localname, uri) }
            return
        }
        let line = currentLine
        if records.start(tag, depth: depth, line: line) {
            field = tag
            fieldLine = Int32(clamping: line)
            text.removeAll()
        }
    }

    func didEnd() {
        defer { depth -= 1 }
        guard !stopped else { return }
        resolvePatternWindow()
        textRun = 0
        if let tag = field {
            field = nil
            endedField = (tag, fieldLine)
            text.withBytes { records.assign(tag, $0, line: fieldLine) }
            if patterns.facets != nil { text.withBytes { checkPattern(of: tag, text: $0) } }
            closePatternWindow(.fieldEnded)
            return
        }
        endPatternSkip(atDepth: depth)
        closePatternWindow(.other)
        guard let record = records.end(depth: depth) else { return }
        record.deliver(to: handler)
        if stopsAfterHeader { stopAfterHeader() }  // the header, or the first record of a drop without one
    }

    func didRead(_ chars: UnsafePointer<UInt8>, _ length: Int) {
        guard !stopped else { return }
        textRun += length
        if textRun > limits.maxTextBytes {
            fail(
                .schemaInvalid,
                Phrase(zh: "文本节点长度超过 \(limits.maxTextBytes) 字节", en: "a text node is longer than \(limits.maxTextBytes) bytes"),
                line: currentLine)
            return
        }
        if field != nil { text.append(chars, length) }
    }

    // MARK: - Records

    /// D003 unless the document is UTF-8: no other declared encoding, no conversion in place (UTF-16).
    private func checkEncoding() -> Bool {
        guard let xml else { return true }
        if let declared = xml.declaredEncoding {
            let name = declared.uppercased()
            if name != "UTF-8" && name != "UTF8" {
                fail(
                    .notWellFormed, Phrase(zh: "不接受编码 \(name)：数据包须为 UTF-8", en: "encoding \(name) is refused: drops are UTF-8"),
                    line: currentLine)
                return false
            }
        }
        if xml.convertsInput {
            fail(
                .notWellFormed, Phrase(zh: "文档不是 UTF-8 编码：数据包须为 UTF-8", en: "the document is not UTF-8: drops are UTF-8"), line: currentLine
            )
            return false
        }
        return true
    }

    private func checkRoot(_ localname: UnsafePointer<UInt8>, _ uri: UnsafePointer<UInt8>?) {
        let name = String(cString: localname)
        let namespace = uri.map { String(cString: $0) } ?? ""
        if let kind = summary.kind, kind.rootElement == name, kind.namespace == namespace {
            records.enterRoot()
            return
        }
        if let known = DropKind.allCases.first(where: { $0.rootElement == name && $0.namespace == namespace }) {
            fail(
                .schemaInvalid,
                Phrase(
                    zh: "根元素 \(known.rootElement) 必须在前 \(Self.maxPrologueBytes) 字节内开始",
                    en: "the root element \(known.rootElement) must start within the first \(Self.maxPrologueBytes) bytes"),
                line: currentLine)
            return
        }
        let expected = DropKind.allCases.map { "\($0.rootElement) in \($0.namespace)" }.joined(separator: " or ")
        var error = DropError(
            .unknownRoot, Phrase(zh: "未知的根元素、命名空间或版本", en: "unknown root element, namespace or version"), line: currentLine)
        error.field = name
        error.expected = expected
        error.found = namespace.isEmpty ? name : "\(name) in \(namespace)"
        stop(with: error)
    }
}
