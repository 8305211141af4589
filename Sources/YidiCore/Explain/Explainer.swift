/// Builds the ``Explanation`` of one record from the ledger and the reference files the
/// record's run recorded (read from `reference-history/` when today's file differs).
///
/// ```swift
/// let explanation = try Explainer.explain(id: "S-0001", ledger: ledger, workspace: workspace)
/// ```
public struct Explainer {
    let ledger: any RecordLedger
    let workspace: Workspace
    /// The reference data as the record's run used it, as far as it was kept.
    let reference: ReferenceData
    /// Each recorded file, and where it is read.
    let versions: [ReferenceVersion]
    /// Who holds the amounts compared with the recomputation: the ledger, or the drop of a rejected record.
    var holder = "the ledger holds"

    /// The explanation of the settlement or claim `id`: accepted, else the latest attempt that
    /// rejected it; nil for an id the ledger does not know.
    ///
    /// - Throws: ``YidiError`` when the ledger cannot be read (74) or a reference file is broken (78).
    public static func explain(id: String, ledger: any RecordLedger, workspace: Workspace) throws(YidiError) -> Explanation? {
        if let stored = try ledger.storedRecord(id: id) {
            let explainer = try Explainer(ledger: ledger, workspace: workspace, runID: stored.runID)
            return try explainer.explain(stored)
        }
        guard let attempt = try ledger.latestAttempt(naming: id) else { return nil }
        return try Explainer(ledger: ledger, workspace: workspace, runID: attempt.runID).explainRejected(id: id, attempt: attempt)
    }

    init(ledger: any RecordLedger, workspace: Workspace, runID: Int64?) throws(YidiError) {
        self.ledger = ledger
        self.workspace = workspace
        let recorded = try runID.map { (id) throws(YidiError) in try ledger.referenceHashes(runID: id) } ?? []
        let order = ReferenceData.fileNames
        versions = ReferenceHistory.sources(recorded: recorded, in: workspace)
            .sorted { (order.firstIndex(of: $0.file) ?? order.count) < (order.firstIndex(of: $1.file) ?? order.count) }
        var sources: [String: String] = [:]
        for v in versions where v.state == .archived { sources[v.file] = v.path }
        reference = try ReferenceData.load(directory: workspace.referenceDirectory, sources: sources, itemNames: true)
    }

    /// A reference row as a source, marked with how its file stands.
    func source(_ file: String, _ range: DateRange?, _ line: Int) -> Explanation.Source {
        Explanation.Source(
            file: file, line: line, validity: range.map(Figures.validity) ?? "",
            state: versions.first { $0.file == file }?.state ?? .unchanged)
    }

    func explain(_ stored: StoredRecord) throws(YidiError) -> Explanation {
        var differences: [String] = []
        let isClaim = stored.element == RecordLayout.claim.element
        let institution = stored.text("fixmedins_code")
        let treatment = String(stored.text("mdtrt_admdvs").prefix(2))
        let lines = stored.record.lines.map {
            explain(line: $0, institution: institution, treatmentProvince: treatment, differences: &differences)
        }
        let date =
            LocalDate(isClaim ? stored.text("enddate") : String(stored.text("setl_time").prefix(10))) ?? LocalDate(
                year: stored.year, month: 1, day: 1)!
        let grade = reference.institutions.entry(institution, on: date)
        if grade == nil {
            differences.append("\(InstitutionDirectory.file): \(institution) is not designated on \(date) in the reference read")
        }
        let found = policyRow(stored)
        if found == nil {
            differences.append("\(PolicyBook.file): no row for this record's area, types and year \(stored.year) in the reference read")
        }
        let origin = try origin(stored)
        var explanation = Explanation(
            element: stored.element, id: stored.text(isClaim ? "claim_id" : "setl_id"), accepted: true,
            facts: Self.facts(stored), place: try place(stored, origin), lines: lines,
            categories: stored.record.categories.map { ($0.category, Figures.amount($0.amount)) },
            sums: Self.sums(stored.record.lines, record: stored),
            grade: grade.map { ($0.value.grade, source(InstitutionDirectory.file, $0.range, $0.line)) },
            policy: found.map {
                Explanation.Policy(
                    source: source(PolicyBook.file, nil, $0.line), step: $0.step.rawValue,
                    values: Self.values(of: $0.rule))
            },
            cut: nil, accumulators: [], accumulatorEntries: [], formulas: [], result: Self.result(stored),
            reversal: try stored.reversedBy == nil
                ? nil : ledger.reversal(of: stored.text("setl_id"))?.map { ($0.name, Self.text($0.value)) },
            references: versions, differences: [], errors: [])
        explanation.origin = origin
        try accumulators(stored, into: &explanation, differences: &differences)
        if let grade, let found, let filing = FilingType(rawValue: stored.text("filing_type")) {
            explanation.cut = Self.cutStep(found.rule, filing)
            explanation.formulas = settling(stored, rule: found.rule, grade: grade.value.grade, filing: filing, differences: &differences)
        }
        explanation.differences = differences
        return explanation
    }

    /// The policy row of a record, found as the assessment found it.
    func policyRow(_ stored: StoredRecord) -> (rule: PolicyRule, line: Int, step: PolicyBook.Step)? {
        guard let insutype = InsuranceType(rawValue: stored.text("insutype")),
            let medType = MedicalType(rawValue: stored.text("med_type"))
        else { return nil }
        let disease = stored.text("dise_codg")
        return reference.policies.lookup(
            area: stored.text("insu_admdvs"), insuranceType: insutype, medicalType: medType,
            disease: disease.isEmpty ? nil : disease, year: stored.year)
    }

    /// Where a record came from: its drop, attempt, run and period.
    func origin(_ stored: StoredRecord) throws(YidiError) -> Explanation.Origin {
        Explanation.Origin(
            dropID: stored.text("drop_id"), attempt: try stored.attemptID.flatMap { id throws(YidiError) in try ledger.attempt(id: id) },
            run: try stored.runID.flatMap { id throws(YidiError) in try ledger.run(id: id) },
            period: stored.text("period").isEmpty ? nil : stored.text("period"))
    }

    /// The drop, attempt, run and period of a record, as sentences.
    func place(_ stored: StoredRecord, _ origin: Explanation.Origin) throws(YidiError) -> [(name: String, value: String)] {
        var place: [(name: String, value: String)] = [("drop_id", stored.text("drop_id"))]
        if let attempt = origin.attempt {
            place += [
                ("attempt", "\(attempt.attempt) (\(attempt.fileName), received \(attempt.receivedAt), kept as \(attempt.storedPath))")
            ]
        }
        if let run = origin.run {
            place += [("run", "\(run.id) (\(run.command), started \(run.startedAt))")]
        }
        if let period = origin.period { place += [("period", period)] }
        if stored.element == "setl" { place += try clearingLedger(ledger).reconciliationTrace(of: stored.text("setl_id")) }
        return place
    }

    /// The record's fields that are not amounts; the person's name is left out and the
    /// certificate number shortened to its last four characters.
    static func facts(_ stored: StoredRecord) -> [(name: String, value: String)] {
        stored.record.fields.compactMap { name, value in
            guard case .text(let text) = value, !["psn_name", "setl_id", "claim_id", "drop_id", "period"].contains(name) else { return nil }
            return (name, name == "certno" ? "…" + String(text.suffix(4)) : text)
        }
    }

    /// The shares as accepted.
    static func result(_ stored: StoredRecord) -> [(name: String, value: String)] {
        let names =
            stored.element == RecordLayout.claim.element
            ? ["act_pay_dedc", "hifp_pay", "reim_amt", "psn_part_amt"]
            : ["act_pay_dedc", "hifp_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay", "clr_amt"]
        return names.map { ($0, Figures.amount(stored.amount($0))) }
    }

    static func text(_ value: FileValue) -> String {
        switch value {
        case .text(let t): t
        case .amount(let a): Figures.amount(a)
        }
    }
}
