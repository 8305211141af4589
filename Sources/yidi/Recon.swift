import ArgumentParser
import YidiCore

/// `yidi recon --period YYYY-MM [--date YYYY-MM-DD]`.
struct Recon: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue a month's reconciliation statements to the provinces.",
        discussion: """
            Freezes the month (detail that arrives later counts in the next month, as past a \
            closed one) and its candidates: its settlements and reversals, and the entries excluded \
            last month and carried into it. Writes outbox/recon/YYYY-MM/RECON_<prov>_YYYY-MM.xml.gz \
            for every province that treated or insured a candidate, with feedback_by, the \
            feedback_days-th working day after the issue date (--date, default today in China; \
            [reconciliation] feedback_days in yidi.toml, 5 by default). The provinces answer with \
            ReconciliationFeedbackDrops; `yidi clear` of the month waits until feedback_by has passed \
            and clears only what was not excluded, less the audit deductions. A province that sends \
            nothing confirms. Issuing it again rewrites the same statements byte for byte.

            Exit status: 0 done, 65 refused (month not over, an earlier month open, the month was \
            cleared without a reconciliation), 74 a statement could not be written (kept pending) or \
            the ledger failed, 75 locked, 78 settings or reference data broken, or the calendar does \
            not cover feedback_by.
            """)

    @OptionGroup var month: MonthOptions

    @OptionGroup var workspace: WorkspaceOption

    func run() throws {
        try SessionCommand.run(.recon, root: workspace.root) { (session) throws(YidiError) in
            let result = try ReconciliationIssuing(session: session).run(period: month.month, date: month.issueDate)
            let r = result.reconciliation
            print(
                "period \(r.period) \(result.issuedNow ? "reconciliation issued" : "reconciliation was issued; statements rewritten"): "
                    + "issued \(r.issueDate), feedback by \(r.feedbackBy), \(result.candidates) candidates")
            result.files.forEach { print("  \($0)") }
            return 0
        }
    }
}
