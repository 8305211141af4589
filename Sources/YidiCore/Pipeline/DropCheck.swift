/// The outcome of reading and checking one drop file.
public struct DropCheckResult: Sendable {
    /// The file as given.
    public var path: String
    /// What intake saw: hash, sizes, gzip or limit failure.
    public var intake: IntakeSummary
    /// What the parse saw: kind, header, counts.
    public var parse: DropParser.Summary
    /// The errors listed (at most the listing limit), by line.
    public var errors: [DropError]
    /// Every error found, listed or not.
    public var errorCount: Int

    /// Whether the drop has no error at all.
    public var isValid: Bool { errorCount == 0 }
}

/// Runs one drop through intake, parse and (with reference data) classification and
/// settlement, collecting every error. Writes nothing.
///
/// ```swift
/// let result = try DropCheck(limits: DropLimits()).run(path: "SampleDrops/a.xml.gz")
/// for error in result.errors { print(error.code, error.message) }
/// ```
public struct DropCheck: Sendable {
    /// The limits of drops.md.
    public var limits: DropLimits
    /// The reference data; `nil` checks the schema and the header only.
    public var reference: ReferenceData?

    /// Creates a check with the given limits and, to apply the R and B rules, reference data.
    public init(limits: DropLimits, reference: ReferenceData? = nil) {
        self.limits = limits
        self.reference = reference
    }

    /// Reads and checks the drop at `path`.
    ///
    /// - Throws: ``YidiError`` if the file is missing (`noInput`) or unreadable (`io`).
    public func run(path: String) throws(YidiError) -> DropCheckResult {
        let collector = ErrorCollector(listLimit: limits.maxListedErrors)
        let assessor = reference.map { DropAssessor(reference: $0, limits: limits, prior: NoPriorFacts(), sink: collector) }
        let outcome = try DropPipeline(limits: limits).run(path: path, handler: assessor ?? collector)
        assessor?.finish()
        if let failure = collector.failure { throw failure }
        collector.log.add(intakeFailure: outcome.intake.failure)
        return DropCheckResult(
            path: path, intake: outcome.intake, parse: outcome.parse, errors: collector.log.listed,
            errorCount: collector.log.totalCount)
    }
}

/// Collects the errors of one drop and lets the records go: the end of the line for `validate`.
final class ErrorCollector: DropContentHandler, AssessedDropSink {
    var log: DropErrorLog

    init(listLimit: Int) { log = DropErrorLog(listLimit: listLimit) }

    func header(_ header: DropHeader) {}
    func settlement(_ settlement: Settlement) {}
    func reversal(_ reversal: Reversal) {}
    func claim(_ claim: Claim) {}
    func feedbackEntry(_ entry: FeedbackEntry) {}
    func header(_ header: DropHeader, institution: Institution?) {}
    func settlement(_ settlement: AssessedSettlement) {}
    func reversal(_ reversal: AssessedReversal) {}
    func claim(_ claim: AssessedClaim) {}
    func feedback(_ line: AcceptedFeedback) {}
    func report(_ error: DropError) { log.append(error) }
    /// `validate` reads no ledger (``NoPriorFacts`` cannot fail); kept so that a failure would
    /// surface as an I/O error rather than as a verdict.
    private(set) var failure: YidiError?
    func ledgerFailed(_ error: YidiError) { failure = failure ?? error }
}
