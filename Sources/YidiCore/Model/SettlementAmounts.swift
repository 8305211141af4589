/// The amounts of a settlement, in the order of drops.md (`medfee_sumamt` … `cum_fund_before`).
struct SettlementAmounts: Sendable, Equatable {
    /// `medfee_sumamt`: total fees.
    public var total = Amount.zero
    /// `fulamt_ownpay_amt`: class C, fully self-paid.
    var fullySelfPaid = Amount.zero
    /// `overlmt_selfpay`: above the unit price cap.
    var overCap = Amount.zero
    /// `preselfpay_amt`: class B first self-paid share.
    var firstSelfPaid = Amount.zero
    /// `inscp_scp_amt`: in the payment scope.
    public var inScope = Amount.zero
    /// `act_pay_dedc`: deductible actually paid.
    var deductiblePaid = Amount.zero
    /// `hifp_pay`: pooled fund payment.
    var fundPayment = Amount.zero
    /// `fund_pay_sumamt`: all funds (= `hifp_pay` in version 1).
    var allFunds = Amount.zero
    /// `psn_part_amt`: the person's part.
    var personalPart = Amount.zero
    /// `acct_pay`: of which from the personal account.
    var accountPayment = Amount.zero
    /// `psn_cash_pay`: of which in cash.
    var cashPayment = Amount.zero
    /// `cum_dedc_before`: deductible already paid this year, as the insured place used it.
    public var deductibleBefore = Amount.zero
    /// `cum_fund_before`: pooled fund already paid this year, as the insured place used it.
    public var fundBefore = Amount.zero

    /// All zero.
    public init() {}

    /// What the insured province owes the treatment province: `fund_pay_sumamt + acct_pay`.
    public var clearingAmount: Amount { allFunds + accountPayment }
}
