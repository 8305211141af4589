/// One error found in a drop, with everything a hospital needs to fix it.
///
/// Line numbers count lines of the inflated XML (1-based); `nil` where the
/// error is not about a place in the XML (a gzip error, say).
public struct DropError: Hashable, Sendable {
    /// The stable code of rules.md.
    public var code: DropErrorCode
    /// A one-line cause in plain words, in both languages.
    public var message: Phrase
    /// The line in the inflated XML, where known.
    public var line: Int?
    /// The settlement (or reversal) the error is about.
    var setlID: String?
    /// The claim the error is about.
    var claimID: String?
    /// The fee line the error is about.
    var feedetlSN: String?
    /// The element name of the field the error is about.
    public var field: String?
    /// The value the rules expect.
    public var expected: String?
    /// The value the drop holds.
    public var found: String?
    /// The error in the same record this one follows from (a wrong line amount behind the
    /// sums built on it), so that one typo reads as one problem.
    public var causedBy: Cause?

    /// An error's place and code, named by the errors that follow from it.
    public struct Cause: Hashable, Sendable {
        public var code: DropErrorCode
        public var line: Int
    }

    /// What the error is about, beyond its code, message and line: the known ones of
    /// `setl_id`, `claim_id`, `feedetl_sn`, `field`, `expected`, `found`, in that order (the
    /// order of the acknowledgement's schema). Every output of an error — the ACK, `validate`'s
    /// text and JSON, `status` — writes this one list.
    public var context: [(name: String, value: String)] {
        let all: [(String, String?)] = [
            ("setl_id", setlID), ("claim_id", claimID), ("feedetl_sn", feedetlSN),
            ("field", field), ("expected", expected), ("found", found)
        ]
        return all.compactMap { name, value in value.map { (name, $0) } }
    }

    /// Creates an error; only `code` and `message` are required.
    public init(
        _ code: DropErrorCode, _ message: Phrase, line: Int? = nil, setlID: String? = nil,
        claimID: String? = nil, feedetlSN: String? = nil, field: String? = nil,
        expected: String? = nil, found: String? = nil
    ) {
        self.code = code
        self.message = message
        self.line = line
        self.setlID = setlID
        self.claimID = claimID
        self.feedetlSN = feedetlSN
        self.field = field
        self.expected = expected
        self.found = found
    }
}
