/// A month's issued reconciliation (reconciliation.md): when, and the day feedback closes.
public struct Reconciliation: Sendable, Equatable {
    public var period: ClearingPeriod
    public var issueDate: LocalDate
    /// `next_working_day(issue_date, feedback_days)`: clearing waits until this day has passed.
    public var feedbackBy: LocalDate
}

/// Who holds an entry in a reconciliation: the province that treated (receives) or the one
/// that insured (pays).
public enum ReconRole: String, Sendable, CaseIterable, Comparable {
    case insured
    case treatment

    /// Statements list `insured` entries first.
    public static func < (a: ReconRole, b: ReconRole) -> Bool { a == .insured && b == .treatment }
}

/// One candidate of a reconciliation: an accepted settlement or reversal, with what a
/// province's statement shows of it. Amounts of a reversal are the original's, negated.
public struct ReconEntry: Sendable, Equatable {
    public var setlID: String
    public var isReversal: Bool
    /// `orig_setl_id` of a reversal.
    public var originalID: String?
    public var institutionCode: String
    public var treatmentArea: String
    public var insuredArea: String
    public var treatmentProvince: String
    public var insuredProvince: String
    public var personNumber: String
    /// `setl_time` or `revs_time`.
    public var entryTime: String
    /// The month the entry was first a candidate.
    public var entryPeriod: String
    public var total: Amount
    public var allFunds: Amount
    public var account: Amount
    public var clearing: Amount

    /// The province holding `role`.
    func province(_ role: ReconRole) -> String { role == .treatment ? treatmentProvince : insuredProvince }
}

/// The latest accepted feedback line of one role about one entry.
struct FeedbackLine: Sendable, Equatable {
    var setlID: String
    var role: ReconRole
    var confirmed: Bool
    var reason: String?
    var deduction: Amount?
    var deductionReason: String?
}

/// What clearing a reconciled month decided for a candidate that is not simply included.
struct ReconOutcome: Sendable, Equatable {
    enum State: String, Sendable { case excluded, deducted }
    var setlID: String
    var state: State
    /// The role that excluded it (the insured one when both did).
    var role: ReconRole?
    var reason: String?
    var clearing: Amount
    var deduction: Amount?
    var deductionReason: String?
    /// The entry's provinces (for the statements that list it).
    var insuredProvince: String
    var treatmentProvince: String
    /// The month an excluded entry is carried to.
    var carriedTo: ClearingPeriod?
}
