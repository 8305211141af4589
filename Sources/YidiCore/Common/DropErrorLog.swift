/// Collects a drop's errors with bounded memory: all are counted, the first
/// `listLimit` by line (then in the order found) are kept.
///
/// A drop can hold millions of errors (one per line); the log keeps at most
/// twice the limit between compactions, so memory stays flat.
struct DropErrorLog: Sendable {
    /// How many errors are listed at most (`max_listed_errors`).
    let listLimit: Int
    /// Every error found, listed or not.
    public private(set) var totalCount = 0
    /// How many errors of each code, listed or not (for the metrics).
    public private(set) var countsByCode: [DropErrorCode: Int] = [:]
    /// Errors appended in the order found (not in place of an earlier one): the place of the next.
    private(set) var placesTaken = 0
    /// Sorted by line, then place (an error appended in place of an earlier one sorts just
    /// before the error that took that place), then arrival: the order rules.md fixes for every
    /// NAK (an error that follows from another names it in ``DropError/causedBy`` instead).
    private var kept: [(place: Int, arrival: Int, error: DropError)] = []

    /// Creates an empty log.
    public init(listLimit: Int) { self.listLimit = max(1, listLimit) }

    /// Records one error.
    public mutating func append(_ error: DropError) {
        append(error, place: 2 * placesTaken)
        placesTaken += 1
    }

    /// Records an error found after others but listed in the place it would have had when
    /// ``placesTaken`` was `place`.
    mutating func append(_ error: DropError, inPlaceOf place: Int) {
        append(error, place: 2 * place - 1)
    }

    private mutating func append(_ error: DropError, place: Int) {
        kept.append((place, totalCount, error))
        totalCount += 1
        countsByCode[error.code, default: 0] += 1
        if kept.count >= 2 * listLimit { compact() }
    }

    /// Adds intake's fatal error, if any. A corrupt or cut gzip stream (D001) is reported
    /// alone: what the parser made of bytes zlib had not yet verified is noise, and the
    /// hospital sends the file again.
    public mutating func add(intakeFailure: DropError?) {
        guard let failure = intakeFailure else { return }
        if failure.code == .notGzip { self = DropErrorLog(listLimit: listLimit) }
        append(failure)
    }

    /// The listed errors, by line then in the order found.
    public var listed: [DropError] {
        var copy = self
        copy.compact()
        return copy.kept.map(\.error)
    }

    private mutating func compact() {
        kept.sort { a, b in
            let la = a.error.line ?? 0, lb = b.error.line ?? 0
            return la != lb ? la < lb : (a.place, a.arrival) < (b.place, b.arrival)
        }
        if kept.count > listLimit { kept.removeSubrange(listLimit...) }
    }
}
