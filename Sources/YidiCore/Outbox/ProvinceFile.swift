/// A run's settlement file (`SETL_<prov>_<run_id>.xml.gz`) or reimbursement file
/// (`REIM_<prov>_<run_id>.xml.gz`) for one insured province, written atomically as one gzip
/// member: the header from the ledger's totals, then the records — the segments the night's
/// ``ProvinceSpool`` compressed while the drops streamed, or, for a run that did not finish
/// them (a crash), rendered again from the ledger.
struct ProvinceFile {
    let kind: OutboxEntry.Kind
    let runID: Int64
    let province: String

    /// Workspace-relative path, e.g. `outbox/settlement/110000/SETL_110000_00000042.xml.gz`.
    var relativePath: String {
        let run = String(runID).leftPadded(8)
        return kind == .reimbursement
            ? "outbox/reimbursement/\(province)/REIM_\(province)_\(run).xml.gz"
            : "outbox/settlement/\(province)/SETL_\(province)_\(run).xml.gz"
    }

    var root: (name: String, namespace: String) {
        kind == .reimbursement ? ("ReimbursementFile", "urn:yidi:reimbursement:1") : ("SettlementFile", "urn:yidi:settlement:1")
    }

    /// Writes the file under `workspace`, taking the records from `spool` when it holds them.
    func write(ledger: any Ledger, workspace: Workspace, spool: ProvinceSpool? = nil) throws(YidiError) {
        let totals = try ledger.provinceFileTotals(kind: kind, runID: runID, province: province)
        // the run's start, not the clock: a replay after a crash writes the same content
        let createdAt = try ledger.run(id: runID)?.startedAt ?? LocalDateTime.nowInChina().description
        let spooled = spool.flatMap { $0.runID == runID ? $0.committedSegments(kind: kind, province: province) : nil }
        try AtomicFile.write(workspace.root + "/" + relativePath, existing: .mustMatchBy(GzipContent.same)) { (sink) throws(YidiError) in
            var member = GzipMember()
            try GzipMember.header.withBytes { (b) throws(YidiError) in try sink(b) }
            let deflater = SegmentDeflater()
            try head(totals, createdAt: createdAt).withBytes { (b) throws(YidiError) in try deflater.write(b, to: sink) }
            member.append(try deflater.endSegment(final: false, to: sink))
            if let spool, let spooled {
                try spool.copy(spooled, kind: kind, province: province, to: sink)
                for segment in spooled.segments { member.append(segment) }
            } else {
                try body(ledger: ledger, deflater: deflater, sink: sink)
                member.append(try deflater.endSegment(final: false, to: sink))
            }
            try deflater.write("</\(root.name)>\n", to: sink)
            member.append(try deflater.endSegment(final: true, to: sink))
            try member.trailer.withBytes { (b) throws(YidiError) in try sink(b) }
        }
    }

    /// The XML declaration, the root's start tag and the header.
    private func head(_ totals: [(name: String, value: FileValue)], createdAt: String) -> XMLText {
        var head = XMLText()
        head.open(root.name, namespace: root.namespace)
        head.open("header")
        head.element("prov_admdvs", province)
        head.element("run_id", String(runID))
        head.element("created_at", createdAt)
        for (name, value) in totals { head.element(name, Self.text(value)) }
        head.close("header")
        return head
    }

    /// The records rendered from the ledger into the deflater's current segment.
    private func body(ledger: any Ledger, deflater: SegmentDeflater, sink: ByteSink) throws(YidiError) {
        var body = XMLText(declaration: false, depth: 1)
        try ledger.forEachProvinceFileRecord(kind: kind, runID: runID, province: province) { (record) throws(YidiError) in
            Self.render(record, into: &body)
            if body.byteCount >= 256 * 1024 {
                try body.withBytes { (b) throws(YidiError) in try deflater.write(b, to: sink) }
                body.removeAll()
            }
        }
        try body.withBytes { (b) throws(YidiError) in try deflater.write(b, to: sink) }
    }

    /// One record as outputs.md lists its fields, at depth 1.
    static func render(_ r: ProvinceFileRecord, into x: inout XMLText) {
        x.open(r.element)
        for (name, value) in r.fields {
            switch value {
            case .text(let text): x.element(name, text)
            case .amount(let amount): x.element(name, amount: amount)  // written as bytes, not through a String
            }
        }
        for c in r.categories {
            x.open(literal: "category")
            x.element("med_chrgitm_type", text: c.category)
            x.element("amt", amount: c.amount)
            x.close(literal: "category")
        }
        for line in r.lines { render(line, into: &x) }
        x.close(r.element)
    }

    /// One `fee`: the hot path (millions a night), names as literals and numbers as bytes.
    static func render(_ l: FeeLineEntry, into x: inout XMLText) {
        x.open(literal: "fee")
        x.element("feedetl_sn", text: l.serialNumber)
        x.element("fee_ocur_time", time: l.occurredAt)
        x.element("medins_list_codg", text: l.hospitalItemCode)
        x.element("med_list_codg", text: l.nationalCode)
        x.element("med_chrgitm_type", text: l.category)
        x.element("chrgitm_lv", text: l.itemClass)
        x.element("cnt", text: l.quantityText)
        x.element("pric", text: l.unitPriceText)
        x.element("det_item_fee_sumamt", amount: l.amount)
        x.element("fulamt_ownpay_amt", amount: l.parts.fullySelfPaid)
        x.element("overlmt_amt", amount: l.parts.overCap)
        x.element("preselfpay_amt", amount: l.parts.firstSelfPaid)
        x.element("inscp_scp_amt", amount: l.parts.inScope)
        x.close(literal: "fee")
    }

    static func text(_ value: FileValue) -> String {
        switch value {
        case .text(let s): s
        case .amount(let a): a.description
        }
    }
}
