/// The classify-and-settle stage: checks every record of a drop against the reference
/// data and rules.md (every R and B code), recomputes each settlement and claim, and hands
/// the assessed records and every error to the next stage.
///
/// Checking never stops at the first error. A check that depends on an unknown fact is
/// skipped so that the root cause is reported alone (rules.md, "Drops as a whole").
final class DropAssessor: DropContentHandler {
    let reference: ReferenceData
    /// The per-record limits (B021, B022).
    let limits: DropLimits
    let prior: any PriorFacts
    let sink: any AssessedDropSink

    var header: DropHeader?
    /// The sending institution designated on `created_at`.
    var institution: Institution?
    /// Whether `institutions.csv` knows the sending institution at all.
    var institutionKnown = false
    var classifier: LineClassifier?
    var treatmentProvince = ""
    /// Every id of this drop so far (B001), with what a reversal later in the drop needs.
    var entries = DropIDTable()
    /// Prior settlements reversed earlier in this drop.
    var reversedPrior: Set<String> = []
    /// A feedback drop: whether its month takes feedback (false after F001 or an unreadable
    /// `period`: its entries are then not checked against a candidate set), and the
    /// (`setl_id`, role) pairs read so far (F005).
    var feedbackOpen = false
    var feedbackKeys: Set<String> = []
    /// Claims' deductible and fund accumulated earlier in this drop.
    var claimAccumulators: [AccumulatorKey: (deductible: Amount, fund: Amount)] = [:]
    /// The record errors are about now.
    var context: (setlID: String?, claimID: String?) = (nil, nil)
    /// The first wrong line amount (B004) of the record being assessed: the sums and shares
    /// built on the lines follow from it.
    var lineAmountCause: DropError.Cause?
    /// The codes of the checks built on the line amounts.
    static let followFromLineAmounts: Set<DropErrorCode> = [
        .totalMismatch, .categoryMismatch, .scopePartMismatch, .fundMismatch, .personalPartMismatch
    ]
    /// How many B002 checks are gathered into one question to the ledger (1: none).
    let identityBatch: Int
    /// The ids waiting for that question, each with its record and its place among the errors.
    var pendingIdentities: [PendingIdentity] = []
    /// How many claims wait for one question about their accumulators (1: none).
    let accumulatorBatch: Int
    /// The claims waiting for that question, in document order.
    var pendingClaims: [PendingClaim] = []

    /// A `setl_id` or `claim_id` not yet asked of the ledger.
    struct PendingIdentity {
        var id: String
        var line: Int
        var field: String
        var context: (setlID: String?, claimID: String?)
        /// The sink's ``AssessedDropSink/errorsFound`` when the id was read.
        var place: Int
    }

    /// What this drop holds under an id: compact, since a drop can hold a million ids.
    struct DropEntry {
        /// The settlement's `medfee_sumamt`, `fund_pay_sumamt` and `acct_pay` in fen; nil for
        /// a reversal or a claim. Drop amounts have at most 16 digits, so 64 bits hold them.
        var amounts: (total: Int64, allFunds: Int64, account: Int64)?
        /// The settlement's `setl_time` (``LocalDateTime/ordinal``), 0 for a reversal or a claim.
        var settledAt: Int64 = 0
        var isReversed = false

        static let other = DropEntry(amounts: nil)
    }

    /// Creates the stage.
    ///
    /// - Parameters:
    ///   - reference: the checked reference data.
    ///   - limits: the workspace's limits (B021 and B022 are checked here).
    ///   - prior: what earlier drops accepted (``NoPriorFacts`` for `validate`).
    ///   - sink: the next stage.
    public init(reference: ReferenceData, limits: DropLimits, prior: any PriorFacts, sink: any AssessedDropSink) {
        self.reference = reference
        self.limits = limits
        self.prior = prior
        self.sink = sink
        identityBatch = max(1, prior.identityBatch)
        accumulatorBatch = max(1, prior.accumulatorBatch)
    }

    /// The end of the drop: asks the ledger about the ids and accumulators still gathered.
    /// Call it after the last record and before the sink's errors are read.
    public func finish() {
        askPendingIdentities()
        settlePendingClaims()
    }

    // MARK: - DropContentHandler

    public func header(_ h: DropHeader) {
        header = h
        context = (nil, nil)
        if h.kind == .reconFeedback {
            feedbackHeader(h)
            return
        }
        institutionKnown = reference.institutions.isKnown(h.institutionCode)
        if !h.isInvalid(.createdAt) {
            institution = reference.institutions.institution(h.institutionCode, on: h.createdAt.date)
        }
        if institution == nil, !h.isInvalid(.createdAt) {
            let code = h.institutionCode, date = h.createdAt.date
            let designated = reference.institutions.designations(code)
            report(
                .unknownInstitution,
                zh: institutionKnown ? "医疗机构 \(code) 在 \(date) 不是定点机构（定点期间 \(designated)）" : "医疗机构 \(code) 不在 institutions.csv 中",
                en: institutionKnown
                    ? "institution \(code) is not designated on \(date) (designated \(designated))" : "institution \(code) is unknown",
                line: h.line,
                field: "fixmedins_code", found: h.institutionCode)
        }
        if let institution, !h.isInvalid(.mdtrtAdmdvs), institution.area != h.treatmentArea {
            report(
                .wrongTreatmentArea, zh: "mdtrt_admdvs \(h.treatmentArea) 不是该机构所在的就医地（\(institution.area)）",
                en: "mdtrt_admdvs \(h.treatmentArea) is not the institution's (\(institution.area))",
                line: h.line, field: "mdtrt_admdvs", expected: institution.area, found: h.treatmentArea)
        }
        if !h.isInvalid(.mdtrtAdmdvs), !reference.knowsProvince(of: h.treatmentArea) {
            report(
                .unknownProvince, zh: "mdtrt_admdvs \(h.treatmentArea) 不属于参与跨省结算的省份",
                en: "mdtrt_admdvs \(h.treatmentArea) names no province that takes part",
                line: h.line, field: "mdtrt_admdvs", found: h.treatmentArea)
        }
        treatmentProvince = String((institution?.area ?? h.treatmentArea).prefix(2))
        if institutionKnown {
            classifier = LineClassifier(
                reference: reference, institutionCode: h.institutionCode,
                treatmentProvince: treatmentProvince)
        }
        sink.header(h, institution: institution)
    }

    public func report(_ error: DropError) { sink.report(error) }

    // MARK: - Errors

    /// Reports an error about the current record.
    func report(
        _ code: DropErrorCode, zh: String, en: String, line: Int, field: String? = nil, expected: String? = nil,
        found: String? = nil, feedetlSN: String? = nil
    ) {
        report(code, Phrase(zh: zh, en: en), line: line, field: field, expected: expected, found: found, feedetlSN: feedetlSN)
    }

    /// Reports an error about the current record, its message already made.
    func report(
        _ code: DropErrorCode, _ message: Phrase, line: Int, field: String? = nil, expected: String? = nil,
        found: String? = nil, feedetlSN: String? = nil
    ) {
        var error = DropError(
            code, message, line: line, setlID: context.setlID, claimID: context.claimID,
            feedetlSN: feedetlSN, field: field, expected: expected, found: found)
        if Self.followFromLineAmounts.contains(code) { error.causedBy = lineAmountCause }
        sink.report(error)
    }

    /// B001 (repeated in this drop) and B002 (accepted in an earlier drop); `true` if the id is new.
    func checkIdentity(_ id: String, line: Int, field: String) -> Bool {
        if entries[id] != nil {
            report(
                .duplicateID, zh: "\(field) \(id) 在本数据包中重复出现", en: "\(field) \(id) is repeated within the drop", line: line, field: field,
                found: id)
            return false
        }
        guard identityBatch > 1 else {
            if ask(false, { () throws(YidiError) in try prior.isAccepted(id: id) }) {
                report(.alreadyAccepted, Self.alreadyAccepted(id, field), line: line, field: field, found: id)
            }
            return true
        }
        // B002 changes nothing else of the assessment: it can wait for the batch's question
        // and still be listed in its place
        pendingIdentities.append(PendingIdentity(id: id, line: line, field: field, context: context, place: sink.errorsFound))
        if pendingIdentities.count >= identityBatch { askPendingIdentities() }
        return true
    }

    /// Asks the ledger about the gathered ids in one question and reports each accepted one
    /// (B002) in the place it was read.
    func askPendingIdentities() {
        guard !pendingIdentities.isEmpty else { return }
        let asked = pendingIdentities
        pendingIdentities.removeAll(keepingCapacity: true)
        let accepted = ask(Set<String>()) { () throws(YidiError) in try prior.acceptedAmong(asked.map(\.id)) }
        for p in asked where accepted.contains(p.id) {
            sink.report(
                DropError(
                    .alreadyAccepted, Self.alreadyAccepted(p.id, p.field), line: p.line, setlID: p.context.setlID,
                    claimID: p.context.claimID, field: p.field, found: p.id), inPlaceOf: p.place)
        }
    }

    private static func alreadyAccepted(_ id: String, _ field: String) -> Phrase {
        Phrase(zh: "\(field) \(id) 已在之前的数据包中被接收", en: "\(field) \(id) was already accepted in an earlier drop")
    }

    /// Asks the ledger. A read that fails is handed to the sink, which fails the drop's
    /// transaction; `fallback` only lets the assessment finish and is never accepted.
    func ask<T>(_ fallback: T, _ read: () throws(YidiError) -> T) -> T {
        do { return try read() } catch {
            sink.ledgerFailed(error)
            return fallback
        }
    }

    /// B021: a time older than the age limit allows before the drop's `created_at`.
    func checkAge(_ time: LocalDateTime, line: Int, field: String) {
        guard let header, !header.isInvalid(.createdAt) else { return }
        let c = header.createdAt
        let oldest = LocalDateTime(date: LocalDate(dayNumber: c.date.dayNumber - limits.maxDetailAgeDays), secondOfDay: c.secondOfDay)
        guard time < oldest else { return }
        report(
            .detailTooOld, zh: "\(field) \(time) 早于数据包 created_at \(c) 超过 \(limits.maxDetailAgeDays) 天",
            en: "\(field) \(time) is more than \(limits.maxDetailAgeDays) days before the drop's created_at \(c)",
            line: line, field: field, expected: ">= \(oldest)", found: time.description)
    }

    /// B021 for a date (a claim's `enddate`): before the day the age limit allows.
    func checkAge(_ date: LocalDate, line: Int, field: String) {
        guard let header, !header.isInvalid(.createdAt) else { return }
        let oldest = LocalDate(dayNumber: header.createdAt.date.dayNumber - limits.maxDetailAgeDays)
        guard date < oldest else { return }
        report(
            .detailTooOld, zh: "\(field) \(date) 早于数据包 created_at \(header.createdAt) 超过 \(limits.maxDetailAgeDays) 天",
            en: "\(field) \(date) is more than \(limits.maxDetailAgeDays) days before the drop's created_at \(header.createdAt)",
            line: line, field: field, expected: ">= \(oldest)", found: date.description)
    }

    /// B022: a record's `medfee_sumamt` over the per-record limit, so that no sum built on
    /// accepted records can overflow.
    func checkRecordAmount(_ total: Amount, line: Int) {
        guard total.magnitude > limits.maxRecordAmount else { return }
        report(
            .recordAmountOverLimit, zh: "medfee_sumamt \(total) 超过单条记录上限 \(limits.maxRecordAmount)",
            en: "medfee_sumamt \(total) is over the limit of \(limits.maxRecordAmount) for one record",
            line: line, field: "medfee_sumamt", expected: "<= \(limits.maxRecordAmount)", found: total.description)
    }

    /// B018: a time strictly after the drop's `created_at`.
    func checkNotAfterCreation(_ time: LocalDateTime, line: Int, field: String) {
        guard let header, !header.isInvalid(.createdAt), time > header.createdAt else { return }
        report(
            .afterCreation, zh: "\(field) \(time) 晚于数据包的 created_at \(header.createdAt)",
            en: "\(field) \(time) is after the drop's created_at \(header.createdAt)", line: line,
            field: field, expected: "<= \(header.createdAt)", found: time.description)
    }
}
