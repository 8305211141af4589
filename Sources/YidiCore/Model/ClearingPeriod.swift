/// A clearing period: a calendar month, written `YYYY-MM`.
public struct ClearingPeriod: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// The period of a date.
    public init(_ date: LocalDate) {
        year = date.year
        month = date.month
    }

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard text.utf8.count == 7, parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
            (1...9999).contains(y), (1...12).contains(m)
        else { return nil }
        year = y
        month = m
    }

    init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// The month after this one.
    public var next: ClearingPeriod {
        month == 12 ? ClearingPeriod(year: year + 1, month: 1) : ClearingPeriod(year: year, month: month + 1)
    }

    /// The month's last day.
    var lastDay: LocalDate { LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))! }

    public var description: String { LocalDate.pad(year, 4) + "-" + LocalDate.pad(month, 2) }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// The period an entry dated `date` counts in: its own month, unless that month is closed;
    /// then the month after the latest closed period (late detail rolls forward).
    static func assign(_ date: LocalDate, latestClosed: ClearingPeriod?) -> ClearingPeriod {
        let natural = ClearingPeriod(date)
        guard let closed = latestClosed, natural <= closed else { return natural }
        return closed.next
    }
}
