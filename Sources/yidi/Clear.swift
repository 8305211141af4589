import ArgumentParser
import YidiCore

/// `yidi clear --period YYYY-MM [--date YYYY-MM-DD]`.
struct Clear: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Close a clearing period and write its clearing files.",
        discussion: """
            Closes the month when its last day is before the issue date (--date, default today in \
            China) and every earlier month with entries is closed; writes, from the ledger only, \
            outbox/clearing/YYYY-MM/CLR_ALL_YYYY-MM.xml and .csv (every province pair and every net) \
            and CLR_<prov>_YYYY-MM.xml for each province with entries, with the due dates W1, W2, \
            W3 of the working-day calendar. Entries that arrive later for a closed month count in \
            the next open one. Clearing a closed period again rewrites its files byte for byte.

            A month with a reconciliation (yidi recon) is cleared once its feedback_by has passed: \
            entries a province excluded are left out and carried into the next month, audit \
            deductions are netted (due_amt), and the files gain the reconciliation's columns and \
            each statement its excluded and deducted entries.

            Exit status: 0 done, 65 refused (month not over, an earlier month open, feedback still \
            open), 74 a file could not be written (kept pending) or the ledger failed, 75 locked, \
            78 settings or reference data broken, or the calendar does not cover a due date.
            """)

    @OptionGroup var month: MonthOptions

    @OptionGroup var workspace: WorkspaceOption

    func run() throws {
        try SessionCommand.run(.clear, root: workspace.root) { (session) throws(YidiError) in
            let result = try PeriodClosing(session: session).run(period: month.month, date: month.issueDate)
            print(
                "period \(result.period) \(result.closedNow ? "closed" : "was closed; files rewritten"): issued \(result.due.issueDate), "
                    + "submit by \(result.due.submitBy), transfer by \(result.due.transferBy), feedback by \(result.due.feedbackBy)")
            result.files.forEach { print("  \($0)") }
            return 0
        }
    }
}
