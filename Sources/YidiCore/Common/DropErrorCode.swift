/// A stable error code of rules.md (`D001` … `B022`); operators grep for them.
public struct DropErrorCode: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// Not a gzip stream, or the stream is corrupt or truncated.
    static let notGzip = Self(rawValue: "D001")
    /// A size or ratio limit was passed.
    static let limitExceeded = Self(rawValue: "D002")
    /// Not well-formed XML, or DOCTYPE, entity or XInclude present.
    static let notWellFormed = Self(rawValue: "D003")
    /// The XML does not satisfy the schema, or a depth or text-node limit was passed.
    static let schemaInvalid = Self(rawValue: "D004")
    /// Unknown root element, namespace or version.
    static let unknownRoot = Self(rawValue: "D005")
    /// Header counts differ from what the drop holds.
    static let countMismatch = Self(rawValue: "D006")
    /// Header control sum differs.
    static let controlSumMismatch = Self(rawValue: "D007")
    /// `drop_id` already accepted with different content.
    static let dropIDReused = Self(rawValue: "D008")
    /// `drop_id` does not begin with the sender's code and `-`.
    static let dropIDNotSenders = Self(rawValue: "D009")

    /// Unknown institution, or not designated on that date.
    static let unknownInstitution = Self(rawValue: "R001")
    /// No mapping for the hospital's item code on that date.
    static let unmappedItem = Self(rawValue: "R002")
    /// National code not in the treatment-place catalog on that date.
    static let notInCatalog = Self(rawValue: "R003")
    /// No policy for the insured place, insurance type, medical type (and disease), year.
    static let noPolicy = Self(rawValue: "R004")
    /// Unknown chronic disease code.
    static let unknownDisease = Self(rawValue: "R005")
    /// Unknown province in an `admdvs`.
    static let unknownProvince = Self(rawValue: "R006")
    /// `setl_id`/`claim_id` repeated within the drop.
    static let duplicateID = Self(rawValue: "B001")
    /// `setl_id`/`claim_id` already accepted in an earlier drop.
    static let alreadyAccepted = Self(rawValue: "B002")
    /// `feedetl_sn` repeated within a settlement.
    static let duplicateLine = Self(rawValue: "B003")
    /// `det_item_fee_sumamt` ≠ round2(cnt × pric).
    static let lineAmountMismatch = Self(rawValue: "B004")
    /// Fee date outside `begndate`..`enddate`.
    static let feeOutsideVisit = Self(rawValue: "B005")
    /// `medfee_sumamt` ≠ sum of the lines.
    static let totalMismatch = Self(rawValue: "B006")
    /// A category total differs from the real-time summary.
    static let categoryMismatch = Self(rawValue: "B007")
    /// A payment-scope part differs.
    static let scopePartMismatch = Self(rawValue: "B008")
    /// A fund amount differs.
    static let fundMismatch = Self(rawValue: "B009")
    /// The person's part or its split is wrong, or a share is negative.
    static let personalPartMismatch = Self(rawValue: "B010")
    /// Personal-account payment under resident insurance.
    static let accountUnderResident = Self(rawValue: "B011")
    /// `med_type`/`dise_codg` inconsistent.
    static let diseaseMismatch = Self(rawValue: "B012")
    /// Insured and treatment place in the same province.
    static let notCrossProvincial = Self(rawValue: "B013")
    /// Reversal of an unknown, foreign or already reversed settlement, with another amount, or dated before the original.
    static let badReversal = Self(rawValue: "B015")
    /// Header `mdtrt_admdvs` is not the sending institution's.
    static let wrongTreatmentArea = Self(rawValue: "B016")
    /// `enddate` before `begndate`.
    static let endBeforeBegin = Self(rawValue: "B017")
    /// `setl_time`/`revs_time` after the drop's `created_at`.
    static let afterCreation = Self(rawValue: "B018")
    /// `certno` fails its check digit.
    static let badCheckDigit = Self(rawValue: "B020")
    /// The detail is older than the age limit.
    static let detailTooOld = Self(rawValue: "B021")
    /// `medfee_sumamt` over the per-record limit.
    static let recordAmountOverLimit = Self(rawValue: "B022")

    /// The feedback's `period` has no issued reconciliation, or is already closed.
    static let feedbackPeriodNotOpen = Self(rawValue: "F001")
    /// The `setl_id` is not a candidate of that month's reconciliation.
    static let notACandidate = Self(rawValue: "F002")
    /// The sending province does not hold that `role` for the entry.
    static let roleNotHeld = Self(rawValue: "F003")
    /// A feedback line's flag, reason or deduction does not go together.
    static let badFeedbackLine = Self(rawValue: "F004")
    /// The same (`setl_id`, `role`) twice in the drop.
    static let repeatedFeedback = Self(rawValue: "F005")

}
