/// What clearing and prepayment ask of the ledger: aggregates computed by the ledger itself.
public protocol ClearingLedger: Ledger {
    /// The issue date of a closed period, nil while it is open.
    func closedPeriod(_ period: ClearingPeriod) throws -> LocalDate?
    /// The first month before `period`, after the latest closed one, that holds entries.
    func firstOpenPeriodWithEntries(before period: ClearingPeriod) throws -> ClearingPeriod?
    /// Closes a period (and so every earlier month) with its issue date.
    func closePeriod(_ period: ClearingPeriod, issueDate: LocalDate, at time: LocalDateTime) throws
    /// A period's settlements net of reversals per province pair, or per pair, insurance and medical type.
    func clearingRows(_ period: ClearingPeriod, byType: Bool) throws -> [ClearingRow]
    /// Every period that holds an entry.
    func periodsWithEntries() throws -> [ClearingPeriod]
    /// When a year's prepayments were issued, nil if never.
    func prepaymentIssueDate(year: Int) throws -> LocalDate?
    /// A year's prepayment rows, sorted by pair.
    func prepayments(year: Int) throws -> [PrepaymentRow]
    /// Σ clr_amt of a year's periods 10–12 per province pair.
    func quarterClearing(year: Int) throws -> [(insured: String, treatment: String, amount: Amount)]
    /// Records a year's prepayments and their issue date.
    func recordPrepayments(year: Int, issueDate: LocalDate, rows: [PrepaymentRow], at time: LocalDateTime) throws
}

extension SQLiteLedger: ClearingLedger {}
