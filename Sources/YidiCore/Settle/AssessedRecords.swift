/// A settlement after classification and recomputation under the insured place's policy.
public struct AssessedSettlement: Sendable {
    /// The settlement as the drop wrote it.
    public var settlement: Settlement
    /// Each line classified (nil where it could not be: R002/R003).
    public var lines: [ClassifiedLine?]
    /// The category totals recomputed from the detail, ascending by category.
    public var categories: [(category: ExpenseCategory, amount: Amount)]
    /// The payment-scope parts recomputed from the detail.
    public var parts: ScopeParts
    /// The fund's share recomputed under the policy (nil when grade or policy is unknown).
    public var share: FundShare?
    /// The treating institution's grade on `setl_time`.
    public var grade: Int?
}

/// A reversal with the amounts of the settlement it reverses.
public struct AssessedReversal: Sendable {
    /// The reversal as the drop wrote it.
    var reversal: Reversal
    /// The reversed settlement's amounts (nil when it is unknown).
    public var original: SettlementSummary?
}

/// A manual-reimbursement claim with the reimbursement the insured place owes.
public struct AssessedClaim: Sendable {
    /// The claim as the drop wrote it.
    public var claim: Claim
    /// Each line classified (nil where it could not be).
    public var lines: [ClassifiedLine?]
    /// The category totals recomputed from the detail.
    public var categories: [(category: ExpenseCategory, amount: Amount)]
    /// The payment-scope parts.
    public var parts: ScopeParts
    /// The person's deductible and fund already used this year under the same accumulator.
    public var deductibleBefore: Amount
    public var fundBefore: Amount
    /// The fund's share: `fundPayment` is the reimbursement (`reim_amt`).
    public var share: FundShare?
}

/// The amounts of an accepted settlement that a reversal negates.
public struct SettlementSummary: Sendable, Hashable {
    public var id: String
    public var institutionCode: String
    /// `medfee_sumamt`.
    public var total: Amount
    /// `fund_pay_sumamt`.
    var allFunds: Amount
    /// `acct_pay`.
    var accountPayment: Amount
    /// Whether a reversal of it has been accepted.
    var isReversed: Bool
    /// `setl_time`: a reversal may not be dated before it (B015).
    var settledAt: LocalDateTime

    public init(
        id: String, institutionCode: String, total: Amount, allFunds: Amount, accountPayment: Amount, isReversed: Bool,
        settledAt: LocalDateTime
    ) {
        self.settledAt = settledAt
        self.id = id
        self.institutionCode = institutionCode
        self.total = total
        self.allFunds = allFunds
        self.accountPayment = accountPayment
        self.isReversed = isReversed
    }

    /// A settlement as the ledger stores it (amounts in fen); a stored `setl_time` that does
    /// not read back is a broken ledger, never a guess.
    init(
        stored id: String, institutionCode: String, total: Int64, allFunds: Int64, account: Int64, isReversed: Bool,
        settledAt: String
    ) throws(YidiError) {
        guard let time = LocalDateTime(settledAt) else {
            throw YidiError(.internalError, "the ledger holds settlement \(id) with setl_time \(settledAt), which is not a date and time")
        }
        self.init(
            id: id, institutionCode: institutionCode, total: Amount(fen: Int128(total)), allFunds: Amount(fen: Int128(allFunds)),
            accountPayment: Amount(fen: Int128(account)), isReversed: isReversed, settledAt: time)
    }

    /// `clr_amt` = `fund_pay_sumamt + acct_pay`.
    public var clearingAmount: Amount { allFunds + accountPayment }
}

/// The stage after settlement: receives a drop's assessed records and every error.
protocol AssessedDropSink: AnyObject {
    /// The header, with the institution designated on `created_at` (nil if none).
    func header(_ header: DropHeader, institution: Institution?)
    func settlement(_ settlement: AssessedSettlement)
    func reversal(_ reversal: AssessedReversal)
    func claim(_ claim: AssessedClaim)
    func feedback(_ line: AcceptedFeedback)
    func report(_ error: DropError)
    /// How many errors the sink has been told so far: the place of an error found now.
    var errorsFound: Int { get }
    /// An error found later than its place (a B002 asked of the ledger with others): listed
    /// as if it had been reported when ``errorsFound`` was `place`.
    func report(_ error: DropError, inPlaceOf place: Int)
    /// A read of earlier drops failed: the drop must not be accepted or rejected on it.
    func ledgerFailed(_ error: YidiError)
}

extension AssessedDropSink {
    /// A sink that lists errors in the order they arrive needs no places.
    var errorsFound: Int { 0 }

    func report(_ error: DropError, inPlaceOf place: Int) { report(error) }
}
