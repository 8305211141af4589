/// How a closed period or a year's prepayments was issued, as the ledger keeps it.
public struct Issue: Sendable, Equatable {
    /// The issue date.
    public var issueDate: LocalDate
    /// W1–W3 as issued; nil for an issue recorded before the ledger kept them (re-issued
    /// from the calendar, as it was issued then).
    public var due: DueDates?

    public init(issueDate: LocalDate, due: DueDates?) {
        self.issueDate = issueDate
        self.due = due
    }

    /// The due dates as issued, or worked out from the calendar for an older issue.
    func dueDates(calendar: WorkingCalendar) throws(YidiError) -> DueDates {
        if let due { return due }
        return try DueDates(issued: issueDate, calendar: calendar)
    }
}

/// The drops of a month as the ledger counts them.
public struct MonthActivity: Sendable {
    /// The attempts received in the month (by `received_at`), by outcome.
    public var outcomes: [AttemptStatus: Int] = [:]
    /// The error codes of the month's rejected attempts per hospital, with their counts.
    public var errors: [(institution: String, code: String, count: Int)] = []
    /// The accepted attempts that carried the month's settlements or reversals, by the month
    /// they were received in (a month's visits may arrive at night in the next month, or, on
    /// a platform that starts late, much later).
    public var carriers: [(received: String, drops: Int)] = []
}

/// What clearing and prepayment ask of the ledger: aggregates computed by the ledger itself.
protocol ClearingLedger: Ledger, ReconciliationLedger {
    /// The drops received in a month, their errors, and the drops that carried its entries.
    func monthActivity(_ period: ClearingPeriod) throws(YidiError) -> MonthActivity
    /// How a period was issued when it was closed by name, nil otherwise (an open month, or
    /// an earlier month that closed with a later one: see ``latestClosedPeriod()``).
    func closedPeriod(_ period: ClearingPeriod) throws(YidiError) -> Issue?
    /// How a year's prepayments were issued, nil if never.
    func prepaymentIssue(year: Int) throws(YidiError) -> Issue?
    /// A year's prepayment rows, sorted by pair.
    func prepayments(year: Int) throws(YidiError) -> [PrepaymentRow]
    /// Records a year's prepayments with their issue and due dates.
    func recordPrepayments(year: Int, due: DueDates, rows: [PrepaymentRow], at time: LocalDateTime) throws(YidiError)
}

extension SQLiteLedger: ClearingLedger {}
