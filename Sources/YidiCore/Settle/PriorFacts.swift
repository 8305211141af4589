/// The accumulator a manual-reimbursement claim's deductible and fund count against (rules.md).
public struct AccumulatorKey: Hashable, Sendable {
    var personNumber: String
    public var insuredArea: String
    public var insuranceType: InsuranceType
    public var medicalType: MedicalType
    /// The chronic disease, for `med_type` 14 only.
    public var diseaseCode: String?
    public var year: Int

    public init(
        personNumber: String, insuredArea: String, insuranceType: InsuranceType, medicalType: MedicalType,
        diseaseCode: String?, year: Int
    ) {
        self.personNumber = personNumber
        self.insuredArea = insuredArea
        self.insuranceType = insuranceType
        self.medicalType = medicalType
        self.diseaseCode = medicalType == .chronicDisease ? diseaseCode : nil
        self.year = year
    }
}

/// What was accepted before the drop being assessed: the ledger's view. The assessment
/// stage only asks; it never writes. A read that fails throws: the drop is then not
/// assessed on a guess (its transaction fails, operations.md).
public protocol PriorFacts {
    /// Whether earlier drops are known at all (`validate` knows none: B002 and B015 against
    /// earlier drops are then not checked).
    var knowsEarlierDrops: Bool { get }
    /// Whether a `setl_id` or `claim_id` was accepted in an earlier drop.
    func isAccepted(id: String) throws(YidiError) -> Bool
    /// How many `setl_id`/`claim_id` checks (B002) the assessment may gather and ask at once
    /// with ``acceptedAmong(_:)``: 1 asks each at once. A ledger across a network gathers
    /// them (one round trip instead of one per record) unless its transaction was begun to
    /// ask each at once (``IdentityChecks/oneByOne``); it must not write a record before its
    /// id was asked (see ``DropAssessor``).
    var identityBatch: Int { get }
    /// Which of `ids` were accepted in earlier drops.
    func acceptedAmong(_ ids: [String]) throws(YidiError) -> Set<String>
    /// An accepted settlement, for a reversal.
    func settlement(id: String) throws(YidiError) -> SettlementSummary?
    /// The deductible and fund already accepted under an accumulator.
    func accumulated(_ key: AccumulatorKey) throws(YidiError) -> (deductible: Amount, fund: Amount)
    /// How many claims the assessment may gather before asking their accumulators at once
    /// with ``accumulated(among:)``: 1 asks each claim's when it comes. A ledger across a
    /// network gathers them (one round trip instead of one per person).
    var accumulatorBatch: Int { get }
    /// ``accumulated(_:)`` of each of `keys`.
    func accumulated(among keys: [AccumulatorKey]) throws(YidiError) -> [AccumulatorKey: (deductible: Amount, fund: Amount)]
    /// Whether a month's reconciliation takes feedback (F001).
    func feedbackWindow(_ period: ClearingPeriod) throws(YidiError) -> FeedbackWindow
    /// A candidate of a month's reconciliation, nil if `setlID` is none (F002).
    func reconCandidate(_ setlID: String, period: ClearingPeriod) throws(YidiError) -> CandidateFacts?
}

extension PriorFacts {
    /// Each id asked at once.
    var identityBatch: Int { 1 }

    /// Each claim's accumulators asked when it comes.
    var accumulatorBatch: Int { 1 }

    /// One ``accumulated(_:)`` per key.
    func accumulated(among keys: [AccumulatorKey]) throws(YidiError) -> [AccumulatorKey: (deductible: Amount, fund: Amount)] {
        var sums: [AccumulatorKey: (deductible: Amount, fund: Amount)] = [:]
        for key in keys { sums[key] = try accumulated(key) }
        return sums
    }

    /// One ``isAccepted(id:)`` per id.
    func acceptedAmong(_ ids: [String]) throws(YidiError) -> Set<String> {
        var accepted: Set<String> = []
        for id in ids where try isAccepted(id: id) { accepted.insert(id) }
        return accepted
    }
}

/// No earlier drops known: what `yidi validate` uses.
struct NoPriorFacts: PriorFacts {
    public init() {}
    var knowsEarlierDrops: Bool { false }
    func isAccepted(id: String) -> Bool { false }
    public func settlement(id: String) -> SettlementSummary? { nil }
    func accumulated(_ key: AccumulatorKey) -> (deductible: Amount, fund: Amount) { (.zero, .zero) }
    // not asked: the assessment checks no reconciliation without earlier drops
    func feedbackWindow(_ period: ClearingPeriod) -> FeedbackWindow { .open }
    func reconCandidate(_ setlID: String, period: ClearingPeriod) -> CandidateFacts? { nil }
}
