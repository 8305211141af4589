/// Counts and sums of settlements net of reversals: one clearing `pair`, a counterpart row or a breakdown.
public struct ClearingTotals: Sendable, Equatable {
    public var settlementCount = 0
    public var reversalCount = 0
    public var total = Amount.zero
    var allFunds = Amount.zero
    var accountPayment = Amount.zero
    /// `clr_amt` net of reversals.
    public var clearingAmount = Amount.zero
    /// A reconciled month's excluded candidates (not in the counts and sums above), and Σ their `clr_amt`.
    public var excludedCount = 0
    public var excludedAmount = Amount.zero
    /// A reconciled month's deducted entries, and Σ their `dedc_amt`.
    public var deductedCount = 0
    public var deductedAmount = Amount.zero

    /// `due_amt`: `clr_amt` less the audit deductions (equal to it without a reconciliation).
    public var dueAmount: Amount { clearingAmount - deductedAmount }

    public init() {}

    public static func += (a: inout ClearingTotals, b: ClearingTotals) {
        a.settlementCount += b.settlementCount
        a.reversalCount += b.reversalCount
        a.total += b.total
        a.allFunds += b.allFunds
        a.accountPayment += b.accountPayment
        a.clearingAmount += b.clearingAmount
        a.excludedCount += b.excludedCount
        a.excludedAmount += b.excludedAmount
        a.deductedCount += b.deductedCount
        a.deductedAmount += b.deductedAmount
    }
}

/// One aggregated row of a closed period: a province pair, and optionally its insurance and medical type.
public struct ClearingRow: Sendable, Equatable {
    public var insuredProvince: String
    public var treatmentProvince: String
    public var insuranceType: String?
    public var medicalType: String?
    public var totals: ClearingTotals

    public init(
        insuredProvince: String, treatmentProvince: String, insuranceType: String? = nil, medicalType: String? = nil,
        totals: ClearingTotals
    ) {
        self.insuredProvince = insuredProvince
        self.treatmentProvince = treatmentProvince
        self.insuranceType = insuranceType
        self.medicalType = medicalType
        self.totals = totals
    }
}

/// The due dates of a clearing or prepayment issued on a date (rules.md, Due dates).
public struct DueDates: Sendable, Equatable {
    public var issueDate: LocalDate
    /// W1: provincial agencies submit clearing orders to finance (5 working days).
    public var submitBy: LocalDate
    /// W2: insured-province finance transfers (10 working days after W1).
    public var transferBy: LocalDate
    /// W3: finance reports back to the agencies (5 working days after W2).
    public var feedbackBy: LocalDate

    /// Due dates as they were issued.
    public init(issueDate: LocalDate, submitBy: LocalDate, transferBy: LocalDate, feedbackBy: LocalDate) {
        self.issueDate = issueDate
        self.submitBy = submitBy
        self.transferBy = transferBy
        self.feedbackBy = feedbackBy
    }

    /// Computes W1, W2, W3 from the working-day calendar.
    ///
    /// - Throws: ``YidiError`` (`config`, exit 78) when a day falls in a year the calendar does not cover.
    public init(issued: LocalDate, calendar: WorkingCalendar) throws(YidiError) {
        issueDate = issued
        submitBy = try calendar.nextWorkingDay(after: issued, 5)
        transferBy = try calendar.nextWorkingDay(after: submitBy, 10)
        feedbackBy = try calendar.nextWorkingDay(after: transferBy, 5)
    }
}
