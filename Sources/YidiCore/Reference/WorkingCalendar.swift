/// `calendar.csv`: holidays on weekdays and make-up working days on weekends (调休).
public struct WorkingCalendar: Sendable {
    private var holidays: Set<LocalDate> = []
    private var workdays: Set<LocalDate> = []
    /// The years the calendar holds a row for.
    public private(set) var years: Set<Int> = []

    static let file = "calendar.csv"
    static let columns = ["date", "kind"]

    /// An empty calendar (every Monday–Friday works; no year covered).
    public init() {}

    mutating func add(_ r: ReferenceRecord) throws(YidiError) {
        let date = try r.date("date")
        let weekend = date.isoWeekday >= 6
        switch r.text("kind") {
        case "holiday":
            if weekend { throw r.error("kind", zh: "节假日落在周末", en: "a holiday on a weekend day") }
            guard holidays.insert(date).inserted else { throw r.error("date", zh: "重复列出", en: "listed twice") }
        case "workday":
            if !weekend { throw r.error("kind", zh: "调休工作日落在工作日", en: "a make-up working day on a weekday") }
            guard workdays.insert(date).inserted else { throw r.error("date", zh: "重复列出", en: "listed twice") }
        default:
            throw r.error("kind", zh: "须为 holiday 或 workday", en: "must be holiday or workday")
        }
        years.insert(date.year)
    }

    /// Whether people work on `date`.
    func isWorkingDay(_ date: LocalDate) -> Bool {
        if workdays.contains(date) { return true }
        if holidays.contains(date) { return false }
        return date.isoWeekday <= 5
    }

    /// The `n`-th working day strictly after `date` (rules.md, Due dates).
    ///
    /// - Throws: ``YidiError`` with kind `config` when a day it passes lies in a year the calendar does not cover.
    func nextWorkingDay(after date: LocalDate, _ n: Int) throws(YidiError) -> LocalDate {
        var day = date.dayNumber
        var left = n
        while left > 0 {
            day += 1
            let d = LocalDate(dayNumber: day)
            guard years.contains(d.year) else {
                throw YidiError(
                    .config, zh: "calendar.csv 没有 \(d.year) 年的数据：请载入国务院节假日安排通知",
                    en: "calendar.csv holds no row for \(d.year): load the State Council's holiday notice")
            }
            if isWorkingDay(d) { left -= 1 }
        }
        return LocalDate(dayNumber: day)
    }
}
