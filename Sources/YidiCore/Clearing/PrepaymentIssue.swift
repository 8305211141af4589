/// `yidi prepay --year Y [--date D]`: each pair's prepayment for a year from last year's fourth
/// quarter, with due dates. Issued once; run again, it rewrites the same bytes.
public struct PrepaymentIssue {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    /// What `prepay` did.
    public struct Result: Sendable {
        public var year: Int
        public var due: DueDates
        public var rows: [PrepaymentRow]
        public var issuedNow: Bool
        public var files: [String]
    }

    /// Issues (or rewrites) the prepayments of `year`.
    ///
    /// - Throws: ``YidiError``: `refused` (65) while a period of last year's Q4 is open or for an
    ///   issue date not after last year's end; `config`
    ///   (78) when the calendar does not cover a due date.
    public func run(year: Int, date: LocalDate?) throws(YidiError) -> Result {
        let ledger = session.ledger
        if let issued = try ledger.prepaymentIssue(year: year) {
            let due = try issued.dueDates(calendar: session.reference.calendar)  // as issued
            let rows = try ledger.prepayments(year: year)
            let files = try write(year, due, rows)
            return Result(year: year, due: due, rows: rows, issuedNow: false, files: files)
        }
        let issue = date ?? LocalDateTime.nowInChina().date
        // a prepayment is re-issued byte for byte: due dates before the quarter it sums ends
        // would stay in the past for good
        guard let lastDay = LocalDate(year: year - 1, month: 12, day: 31), issue > lastDay else {
            throw YidiError(
                .refused, zh: "\(year) 年预付金须在 \(year - 1) 年结束后下发：日期 \(issue) 不晚于 \(year - 1)-12-31",
                en: "prepayments for \(year) are issued after \(year - 1) has ended: the date \(issue) is not after \(year - 1)-12-31")
        }
        let december = ClearingPeriod(year: year - 1, month: 12)
        guard let latest = try ledger.latestClosedPeriod(), latest >= december else {
            throw YidiError(
                .refused, zh: "\(year - 1) 年第四季度尚未关账：请先关账 \(year - 1)-10 至 \(year - 1)-12",
                en: "the fourth quarter of \(year - 1) is not closed: close \(year - 1)-10 to \(year - 1)-12 first")
        }
        let due = try DueDates(issued: issue, calendar: session.reference.calendar)
        var q4: [String: Amount] = [:]
        for r in try ledger.quarterClearing(year: year - 1) { q4[r.insured + r.treatment] = r.amount }
        var previous: [String: Amount] = [:]
        for r in try ledger.prepayments(year: year - 1) { previous[r.insuredProvince + r.treatmentProvince] = r.prepayment }
        let rows = Set(q4.keys).union(previous.keys).sorted().map { key in
            PrepaymentRow.compute(
                insured: String(key.prefix(6)), treatment: String(key.suffix(6)),
                q4: q4[key] ?? .zero, previous: previous[key] ?? .zero)
        }
        try ledger.recordPrepayments(year: year, due: due, rows: rows, at: .nowInChina())
        let files = try write(year, due, rows)
        return Result(year: year, due: due, rows: rows, issuedNow: true, files: files)
    }

    private func write(_ year: Int, _ due: DueDates, _ rows: [PrepaymentRow]) throws(YidiError) -> [String] {
        let folder = "outbox/prepay/\(year)/"
        var files = [(folder + "PRE_ALL_\(year).xml", Self.document("PrepaymentSummary", province: nil, year, due, rows))]
        for p in Set(rows.flatMap { [$0.insuredProvince, $0.treatmentProvince] }).sorted() {
            let mine = rows.filter { $0.insuredProvince == p || $0.treatmentProvince == p }
            files.append((folder + "PRE_\(p)_\(year).xml", Self.document("PrepaymentNotice", province: p, year, due, mine)))
        }
        for (path, text) in files { try AtomicFile.write(session.workspace.root + "/" + path, text: text) }
        return files.map(\.0)
    }

    static func document(_ root: String, province: String?, _ year: Int, _ due: DueDates, _ rows: [PrepaymentRow]) -> String {
        var x = XMLText()
        x.open(root, namespace: "urn:yidi:prepayment:1")
        x.element("prov_admdvs", province)
        x.element("year", String(year))
        x.element("issue_date", due.issueDate.description)
        x.element("submit_by", due.submitBy.description)
        x.element("transfer_by", due.transferBy.description)
        x.element("feedback_by", due.feedbackBy.description)
        for r in rows {
            x.open("pair")
            x.element("insu_prov", r.insuredProvince)
            x.element("mdtrt_prov", r.treatmentProvince)
            x.element("q4_amt", r.q4.description)
            x.element("prepay_amt", r.prepayment.description)
            x.element("previous_amt", r.previous.description)
            x.element("adjustment_amt", r.adjustment.description)
            x.close("pair")
        }
        x.close(root)
        return x.text
    }
}
