import ArgumentParser
import YidiCore

/// `--period YYYY-MM [--date YYYY-MM-DD]`: the month a month-end command acts on, and the day
/// it is issued on.
struct MonthOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM"))
    var period: String

    @Option(help: ArgumentHelp("The issue date (default: today in China).", valueName: "YYYY-MM-DD"))
    var date: String?

    func validate() throws {
        guard ClearingPeriod(period) != nil else { throw ValidationError("--period must be YYYY-MM") }
        if let date, LocalDate(date) == nil { throw ValidationError("--date must be a date YYYY-MM-DD") }
    }

    /// The month, checked by ``validate()``.
    var month: ClearingPeriod { ClearingPeriod(period)! }
    /// The issue date, nil for today.
    var issueDate: LocalDate? { date.flatMap(LocalDate.init) }
}
