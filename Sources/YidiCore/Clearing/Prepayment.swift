/// One province pair's prepayment for a year (rules.md, Prepayment).
public struct PrepaymentRow: Sendable, Equatable {
    public var insuredProvince: String
    public var treatmentProvince: String
    /// Σ due_amt (clr_amt less audit deductions) of last year's periods 10, 11 and 12.
    public var q4: Amount
    /// max(0, round2(2 × q4 ÷ 3)): twice the monthly average.
    public var prepayment: Amount
    /// The pair's prepayment for last year (0 if none).
    public var previous: Amount
    /// prepayment − previous.
    public var adjustment: Amount

    public init(
        insuredProvince: String, treatmentProvince: String, q4: Amount, prepayment: Amount, previous: Amount,
        adjustment: Amount
    ) {
        self.insuredProvince = insuredProvince
        self.treatmentProvince = treatmentProvince
        self.q4 = q4
        self.prepayment = prepayment
        self.previous = previous
        self.adjustment = adjustment
    }

    /// Computes a pair's row from its Q4 clearing and last year's prepayment.
    public static func compute(insured: String, treatment: String, q4: Amount, previous: Amount) -> PrepaymentRow {
        let prepay = Amount.max(.zero, q4.scaled(by: 2, over: 3))
        return PrepaymentRow(
            insuredProvince: insured, treatmentProvince: treatment, q4: q4, prepayment: prepay,
            previous: previous, adjustment: prepay - previous)
    }
}
