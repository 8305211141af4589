/// The `header` of a drop: who sent it, when, and what it claims to hold.
public struct DropHeader: Sendable, Equatable {
    /// Which kind of drop this is.
    public var kind: DropKind
    /// `drop_id`: unique nationally forever.
    public var dropID = ""
    /// `fixmedins_code`: the sending hospital.
    public var institutionCode = ""
    /// `mdtrt_admdvs`: the treatment place.
    var treatmentArea = ""
    /// `created_at`.
    var createdAt = LocalDateTime.epoch
    /// `setl_cnt` or `claim_cnt` as claimed.
    public var recordCount = 0
    /// `line_cnt` as claimed.
    public var lineCount = 0
    /// `medfee_sumamt`: the control sum as claimed.
    public var controlSum = Amount.zero
    /// Line of the `header` start tag.
    public var line = 0
    /// Fields whose text did not parse (the schema reported them).
    var invalidFields: FieldSet = []

    /// An empty header of a kind, filled in by the parser.
    public init(kind: DropKind) { self.kind = kind }
}

/// A set of fields of one record whose text did not parse, by element name.
///
/// The schema has already reported each of them (D004); later checks that need
/// such a field skip it, so that the root cause is reported alone.
struct FieldSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// The set holding the field with this index.
    static func field(_ index: Int) -> FieldSet { FieldSet(rawValue: 1 << UInt64(index)) }
}

extension LocalDateTime {
    /// 1970-01-01T00:00:00, the placeholder of a field not yet read.
    static let epoch = LocalDateTime(date: LocalDate(dayNumber: 0), hour: 0, minute: 0, second: 0)!
}
