/// What the insured place's policy gives for an in-scope amount (rules.md, "Settling").
public struct FundShare: Sendable, Hashable {
    /// `act_pay_dedc`: the deductible charged.
    var deductiblePaid: Amount
    /// `hifp_pay` = `fund_pay_sumamt`: the pooled fund's payment.
    var fundPayment: Amount
    /// `psn_part_amt` = total − fund.
    var personalPart: Amount

    /// Computes the fund's share.
    ///
    /// ```
    /// dedc_left    = scope == visit ? dedc : max(0, dedc − cum_dedc_before)
    /// act_pay_dedc = min(inscp, dedc_left)
    /// ratio        = max(0, ratio_lv[grade] − cut(filing_type))
    /// fund_raw     = round2((inscp − act_pay_dedc) × ratio)
    /// hifp_pay     = min(fund_raw, max(0, annual_cap − cum_fund_before))
    /// ```
    public static func compute(
        policy: PolicyRule, grade: Int, filing: FilingType, inScope: Amount, total: Amount,
        deductibleBefore: Amount, fundBefore: Amount
    ) -> FundShare {
        let left =
            policy.deductibleScope == .visit
            ? policy.deductible : Amount.max(.zero, policy.deductible - deductibleBefore)
        let deductible = Amount.min(inScope, left)
        let ratio = policy.ratio(forGrade: grade).cut(by: policy.cut(for: filing))
        let raw = (inScope - deductible).multiplied(by: ratio)
        let fund = Amount.min(raw, Amount.max(.zero, policy.annualCap - fundBefore))
        return FundShare(deductiblePaid: deductible, fundPayment: fund, personalPart: total - fund)
    }
}
