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

/// Runs one drop through intake and parse (and, with reference data, the later
/// stages), collecting every error.
///
/// ```swift
/// let result = try DropCheck(limits: DropLimits()).run(path: "SampleDrops/a.xml.gz")
/// for error in result.errors { print(error.code, error.message) }
/// ```
public struct DropCheck: Sendable {
    /// The limits of drops.md.
    public var limits: DropLimits

    /// Creates a check with the given limits.
    public init(limits: DropLimits) { self.limits = limits }

    /// Reads and checks the drop at `path`.
    ///
    /// - Throws: ``YidiError`` if the file is missing (`noInput`) or unreadable (`io`).
    public func run(path: String) throws(YidiError) -> DropCheckResult {
        let collector = ErrorCollector(listLimit: limits.maxListedErrors)
        let parser = DropParser(limits: limits, handler: collector)
        let intake = try DropReader(limits: limits).read(path: path, into: parser)
        let parse = parser.finish(intakeFailed: intake.failure != nil)
        if let failure = intake.failure {
            // A corrupt or cut gzip stream is reported alone: what the parser made of
            // bytes zlib had not yet verified is noise; the hospital sends the file again.
            if failure.code == .notGzip { collector.log = DropErrorLog(listLimit: limits.maxListedErrors) }
            collector.report(failure)
        }
        return DropCheckResult(path: path, intake: intake, parse: parse, errors: collector.log.listed,
                               errorCount: collector.log.totalCount)
    }
}

/// Collects the errors of one drop; records pass through unchecked until the
/// classification and settlement stages are plugged in.
final class ErrorCollector: DropContentHandler {
    var log: DropErrorLog

    init(listLimit: Int) { log = DropErrorLog(listLimit: listLimit) }

    func header(_ header: DropHeader) {}
    func settlement(_ settlement: Settlement) {}
    func reversal(_ reversal: Reversal) {}
    func claim(_ claim: Claim) {}
    func report(_ error: DropError) { log.append(error) }
}
