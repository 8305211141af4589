/// A run's settlement file (`SETL_<prov>_<run_id>.xml.gz`) or reimbursement file
/// (`REIM_<prov>_<run_id>.xml.gz`) for one insured province, streamed from the ledger through
/// gzip into an atomically written file.
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

    /// Writes the file under `workspace`.
    func write(ledger: any Ledger, workspace: Workspace) throws(YidiError) {
        do {
            let totals = try ledger.provinceFileTotals(kind: kind, runID: runID, province: province)
            try AtomicFile.write(workspace.root + "/" + relativePath) { (sink) throws(YidiError) in
                try withoutActuallyEscaping(sink) { (escapable) throws(YidiError) in
                    try stream(totals: totals, ledger: ledger, into: escapable)
                }
            }
        } catch let error as YidiError {
            throw error
        } catch {
            throw YidiError(.io, "\(relativePath): \(error)")
        }
    }

    /// Header, records and end tag through gzip into `sink`.
    private func stream(totals: [(name: String, value: FileValue)], ledger: any Ledger,
                        into sink: @escaping (UnsafeRawBufferPointer) throws(YidiError) -> Void) throws(YidiError) {
        var failure: YidiError?
        let gzip = GzipDeflater(level: 3) { bytes in
            do throws(YidiError) { try sink(bytes) } catch { failure = error; throw error }
        }
        do {
            var head = XMLText()
            head.open(root.name, namespace: root.namespace)
            head.open("header")
            head.element("prov_admdvs", province)
            head.element("run_id", String(runID))
            head.element("created_at", LocalDateTime.nowInChina().description)
            for (name, value) in totals { head.element(name, Self.text(value)) }
            head.close("header")
            try head.bytes.withUnsafeBytes { try gzip.write($0) }
            var body = XMLText(declaration: false, depth: 1)
            try ledger.forEachProvinceFileRecord(kind: kind, runID: runID, province: province) { record in
                Self.render(record, into: &body)
                if body.bytes.count >= 256 * 1024 {
                    try body.bytes.withUnsafeBytes { try gzip.write($0) }
                    body.removeAll()
                }
            }
            try body.bytes.withUnsafeBytes { try gzip.write($0) }
            try gzip.write("</\(root.name)>\n")
            try gzip.finish()
        } catch {
            throw failure ?? YidiError(.io, "\(relativePath): \(error)")
        }
    }

    static func render(_ r: ProvinceFileRecord, into x: inout XMLText) {
        x.open(r.element)
        for (name, value) in r.fields { x.element(name, text(value)) }
        for c in r.categories {
            x.open("category")
            x.element("med_chrgitm_type", c.category)
            x.element("amt", c.amount.description)
            x.close("category")
        }
        for line in r.lines {
            x.open("fee")
            for (name, value) in line { x.element(name, text(value)) }
            x.close("fee")
        }
        x.close(r.element)
    }

    static func text(_ value: FileValue) -> String {
        switch value {
        case .text(let s): s
        case .amount(let a): a.description
        }
    }
}
