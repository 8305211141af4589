/// The `header` of a drop: who sent it, when, and what it claims to hold.
public struct DropHeader: Sendable, Equatable {
    /// Which kind of drop this is.
    public var kind: DropKind
    /// `drop_id`: unique nationally forever.
    public var dropID = ""
    /// `fixmedins_code`: the sending hospital; a feedback drop's `prov_admdvs`, the sending province.
    public var institutionCode = ""
    /// A feedback drop's `period`: the reconciliation it answers.
    var period: ClearingPeriod?
    /// `mdtrt_admdvs`: the treatment place.
    var treatmentArea = ""
    /// `created_at`.
    var createdAt = LocalDateTime.epoch
    /// `setl_cnt`, `claim_cnt` or `entry_cnt` as claimed.
    public var recordCount = 0
    /// `line_cnt` as claimed.
    public var lineCount = 0
    /// `medfee_sumamt` (a feedback drop: `dedc_sumamt`): the control sum as claimed.
    public var controlSum = Amount.zero
    /// Line of the `header` start tag.
    public var line = 0
    /// Fields whose text did not parse (the schema reported them).
    var invalidFields: FieldSet = []

    /// An empty header of a kind, filled in by the parser.
    public init(kind: DropKind) { self.kind = kind }
}

extension DropHeader {
    /// The `drop_id` when the header may name the drop's paths and ledger key: `drop_id` and
    /// `fixmedins_code` read, valid against the schema, safe as file names, and the `drop_id`
    /// the sender's own (no D009). Otherwise the drop is known by its file name (`_unknown/`),
    /// so that no value a hospital got wrong or took from another chooses where files go.
    public var trustedDropID: String? {
        guard !isInvalid(.dropID), !isInvalid(senderTag), Self.isSafeName(dropID), Self.isSafeName(institutionCode),
            dropID.hasPrefix(institutionCode + "-")
        else { return nil }
        return dropID
    }

    /// The header field that names the sender: a hospital's `fixmedins_code`, a province's `prov_admdvs`.
    var senderTag: ElementTag { kind == .reconFeedback ? .provAdmdvs : .fixmedinsCode }

    /// A code (drops.md) that is safe as a file name: 1..30 of `[A-Za-z0-9._-]`, the first a
    /// letter or a digit (never `.`, `-` or `_`, which hidden files, options and yidi's own
    /// `_unknown/` begin with).
    static func isSafeName(_ s: String) -> Bool {
        guard let first = s.utf8.first, isLetterOrDigit(first), s.utf8.count <= 30 else { return false }
        return s.utf8.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isLetterOrDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}

/// A set of fields of one record whose text did not parse, by element name.
///
/// The schema has already reported each of them (D004); later checks that need
/// such a field skip it, so that the root cause is reported alone.
struct FieldSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt128
    public init(rawValue: UInt128) { self.rawValue = rawValue }
    /// The set holding the field with this index (an element tag's: fewer than 128).
    static func field(_ index: Int) -> FieldSet {
        precondition(index < UInt128.bitWidth, "a field index beyond the set")
        return FieldSet(rawValue: 1 << UInt128(index))
    }
}

extension LocalDateTime {
    /// 1970-01-01T00:00:00, the placeholder of a field not yet read.
    static let epoch = LocalDateTime(date: LocalDate(dayNumber: 0), hour: 0, minute: 0, second: 0)!
}
