import CLibXML2

/// Where in a drop the parser is.
enum Container: Equatable {
    case none, root, header, setl, setlRevs, claim, fee, category

    /// The depth of this container's element (root 1).
    var depth: Int {
        switch self {
        case .none: 0
        case .root: 1
        case .header, .setl, .setlRevs, .claim: 2
        case .fee, .category: 3
        }
    }
}

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
                $0.stop(with: DropError(.notWellFormed, "DOCTYPE declarations are refused", line: $0.currentLine), haltNow: true)
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
            fail(.schemaInvalid, "elements nested deeper than \(limits.maxDepth)", line: currentLine)
            return
        }
        guard let tag = tags.tag(localname) else {
            if let uri, String(cString: uri) == Self.xincludeNamespace {
                fail(.notWellFormed, "XInclude is refused", line: currentLine)
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
        switch (container, tag) {
        case (.root, .header) where depth == 2:
            container = .header
            header = DropHeader(kind: summary.kind ?? .feeDetail)
            header?.line = line
        case (.root, .setl) where depth == 2:
            container = .setl
            settlement = Settlement()
            settlement.line = line
            summary.recordCount += 1
        case (.root, .setlRevs) where depth == 2:
            container = .setlRevs
            reversal = Reversal()
            reversal.line = line
            summary.recordCount += 1
        case (.root, .claim) where depth == 2:
            container = .claim
            claim = Claim()
            claim.line = line
            summary.recordCount += 1
        case (.setl, .fee) where depth == 3, (.claim, .fee) where depth == 3:
            feeParent = container
            container = .fee
            fee = FeeLine()
            fee.line = line
            summary.lineCount += 1
        case (.setl, .category) where depth == 3:
            container = .category
            category = CategoryTotal()
            category.line = line
        default:
            if container != .none, container != .root, depth == container.depth + 1 {
                field = tag
                fieldLine = Int32(clamping: line)
                text.removeAll()
            }
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
            text.withBytes { assign(tag, $0) }
            if patterns.facets != nil { text.withBytes { checkPattern(of: tag, text: $0) } }
            closePatternWindow(.fieldEnded)
            return
        }
        endPatternSkip(atDepth: depth)
        closePatternWindow(.other)
        guard depth == container.depth else { return }
        switch container {
        case .header:
            if let header { handler.header(header) }
            container = .root
        case .setl:
            handler.settlement(settlement)
            summary.controlSum += settlement.amounts.total
            if settlement.isInvalid(.total) { controlSumReliable = false }
            container = .root
        case .setlRevs:
            handler.reversal(reversal)
            summary.controlSum -= reversal.total
            if reversal.isInvalid(.total) { controlSumReliable = false }
            container = .root
        case .claim:
            handler.claim(claim)
            summary.controlSum += claim.total
            if claim.isInvalid(.total) { controlSumReliable = false }
            container = .root
        case .fee:
            if feeParent == .claim { claim.lines.append(fee) } else { settlement.lines.append(fee) }
            container = feeParent
        case .category:
            settlement.categories.append(category)
            container = .setl
        case .root, .none:
            container = .none
        }
    }

    func didRead(_ chars: UnsafePointer<UInt8>, _ length: Int) {
        guard !stopped else { return }
        textRun += length
        if textRun > limits.maxTextBytes {
            fail(.schemaInvalid, "a text node is longer than \(limits.maxTextBytes) bytes", line: currentLine)
            return
        }
        if field != nil { text.append(chars, length) }
    }

    // MARK: - Records

    /// D003 unless the document is UTF-8: no other declared encoding, no conversion in place (UTF-16).
    private func checkEncoding() -> Bool {
        guard let parser else { return true }
        if let declared = parser.pointee.encoding {
            let name = String(cString: declared).uppercased()
            if name != "UTF-8" && name != "UTF8" {
                fail(.notWellFormed, "encoding \(name) is refused: drops are UTF-8", line: currentLine)
                return false
            }
        }
        if let buffer = parser.pointee.input?.pointee.buf, buffer.pointee.encoder != nil {
            fail(.notWellFormed, "the document is not UTF-8: drops are UTF-8", line: currentLine)
            return false
        }
        return true
    }

    private func checkRoot(_ localname: UnsafePointer<UInt8>, _ uri: UnsafePointer<UInt8>?) {
        let name = String(cString: localname)
        let namespace = uri.map { String(cString: $0) } ?? ""
        if let kind = summary.kind, kind.rootElement == name, kind.namespace == namespace {
            container = .root
            return
        }
        if let known = DropKind.allCases.first(where: { $0.rootElement == name && $0.namespace == namespace }) {
            fail(.schemaInvalid, "the root element \(known.rootElement) must start within the first "
                 + "\(Self.maxPrologueBytes) bytes", line: currentLine)
            return
        }
        let expected = DropKind.allCases.map { "\($0.rootElement) in \($0.namespace)" }.joined(separator: " or ")
        var error = DropError(.unknownRoot, "unknown root element, namespace or version", line: currentLine)
        error.field = name
        error.expected = expected
        error.found = namespace.isEmpty ? name : "\(name) in \(namespace)"
        stop(with: error)
    }

    private func assign(_ tag: ElementTag, _ bytes: UnsafeBufferPointer<UInt8>) {
        switch container {
        case .header: _ = header?.assign(tag, bytes)
        case .setl: _ = settlement.assign(tag, bytes, line: fieldLine)
        case .setlRevs: _ = reversal.assign(tag, bytes, line: fieldLine)
        case .claim: _ = claim.assign(tag, bytes, line: fieldLine)
        case .fee: _ = fee.assign(tag, bytes, line: fieldLine)
        case .category: _ = category.assign(tag, bytes)
        case .root, .none: break
        }
    }

    /// D006 and D007: the header's counts and control sum against what the drop holds.
    func checkHeader() {
        guard let header else { return }
        let recordField = header.kind == .feeDetail ? ElementTag.setlCnt : .claimCnt
        let checks: [(ElementTag, Int, Int)] = [
            (recordField, summary.recordCount, header.recordCount),
            (.lineCnt, summary.lineCount, header.lineCount),
        ]
        for (tag, counted, claimed) in checks where !header.isInvalid(tag) && counted != claimed {
            report(DropError(.countMismatch, "\(tag.name) says \(claimed) but the drop holds \(counted)",
                             line: header.line, field: tag.name, expected: String(counted), found: String(claimed)))
        }
        if controlSumReliable, !header.isInvalid(.medfeeSumamt), summary.controlSum != header.controlSum {
            report(DropError(.controlSumMismatch,
                             "medfee_sumamt says \(header.controlSum) but the drop's amounts add up to \(summary.controlSum)",
                             line: header.line, field: "medfee_sumamt",
                             expected: summary.controlSum.description, found: header.controlSum.description))
        }
    }
}
