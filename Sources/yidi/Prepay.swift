import ArgumentParser
import YidiCore

/// `yidi prepay --year YYYY [--date YYYY-MM-DD]`.
struct Prepay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the prepayment notices of a year.",
        discussion: """
            For each province pair with clearing in last year's fourth quarter or a prepayment last \
            year: q4 = the clearing of periods 10–12, prepayment = max(0, round2(2 × q4 ÷ 3)), the \
            previous year's amount and the adjustment, with due dates from the issue date (which \
            should fall before the end of January). Writes outbox/prepay/YYYY/PRE_ALL_YYYY.xml and \
            PRE_<prov>_YYYY.xml. Refused while a period of last year's fourth quarter is open, and \
            for an issue date (--date, or today) not after the last day of last year; run again, it \
            rewrites the same bytes and keeps its first issue date.

            Exit status: 0 done, 65 refused, 74 a file could not be written or the ledger failed, \
            75 locked, 78 settings or reference data broken, or the calendar does not cover a due date.
            """)

    @Option(help: ArgumentHelp("The year of the prepayments.", valueName: "YYYY"))
    var year: Int

    @Option(help: ArgumentHelp("The issue date (default: today in China).", valueName: "YYYY-MM-DD"))
    var date: String?

    @OptionGroup var workspace: WorkspaceOption

    func validate() throws {
        guard (2000...9999).contains(year) else { throw ValidationError("--year must be a year YYYY") }
        if let date, LocalDate(date) == nil { throw ValidationError("--date must be a date YYYY-MM-DD") }
    }

    func run() throws {
        try SessionCommand.run(.prepay, root: workspace.root) { (session) throws(YidiError) in
            let result = try PrepaymentIssue(session: session).run(year: year, date: date.flatMap(LocalDate.init))
            print(
                "prepayments \(year) \(result.issuedNow ? "issued" : "were issued; files rewritten") on \(result.due.issueDate): "
                    + "\(result.rows.count) pairs, submit by \(result.due.submitBy), transfer by \(result.due.transferBy), "
                    + "feedback by \(result.due.feedbackBy)")
            result.files.forEach { print("  \($0)") }
            return 0
        }
    }
}
