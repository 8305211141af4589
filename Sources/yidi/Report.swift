import ArgumentParser
import YidiCore

/// `yidi report --period YYYY-MM [--out FILE]`.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a month's clearing report as one self-contained HTML page.",
        discussion: """
            From the ledger, with the names of the reference data beside the codes, in the \
            workspace's language (or --lang): the month's clearing total, the province-pair matrix \
            (insured province pays, treatment province receives; due_amt, cells shaded by size, \
            with row and column totals), the pairs with the figures of CLR_ALL_YYYY-MM.csv, each \
            province's net, open or closed with its issue and due dates W1–W3, the clearing per \
            insured province from the first month with data of the twelve before (inline SVG), \
            the drops received during the month with the most frequent error codes per hospital, \
            and for a year with prepayments each pair's prepayment beside what clearing has used \
            of it. No script and nothing loaded from elsewhere; prints on A4 landscape with page \
            numbers. Every amount equals the clearing files of the month to the fen. Written to \
            reports/REPORT_YYYY-MM.html in the workspace unless --out names a file; the path is \
            printed. The default file is replaced by the next report of the month; a file --out \
            names is replaced only with --force and only if it is an earlier report.

            Exit status: 0 written, 65 refused (over the ledger or the workspace's own files, \
            through a symbolic link, into a folder, or over a file that is not an earlier report), \
            66 not a workspace, 74 the ledger or the page failed, 75 the ledger is busy, 78 settings \
            broken.
            """)

    @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM"))
    var period: String

    @Option(help: ArgumentHelp("Where to write the page (default: reports/REPORT_YYYY-MM.html).", valueName: "file"))
    var out: String?

    @Flag(help: "Replace the earlier report that --out names.")
    var force = false

    @OptionGroup var workspace: WorkspaceOption
    @OptionGroup var lang: LanguageOption

    func validate() throws {
        guard ClearingPeriod(period) != nil else { throw ValidationError("--period must be YYYY-MM") }
    }

    func run() throws {
        let ws = Workspace(root: workspace.root)
        let month = ClearingPeriod(period)!
        let path = try Diagnostics.orExit { () throws(YidiError) -> String in
            let settings = try Settings.load(path: ws.settingsFile)
            Diagnostics.use(lang.language(settings))
            let ledger = try WorkspaceSession.openLedgerForReading(settings.ledger, workspace: ws)
            let report = try MonthReport.read(ledger, period: month)
            let context = ReportPage.Context(
                language: lang.language(settings), names: names(ws), generatedAt: .nowInChina(),
                ledger: settings.ledger.printable, latestRun: try ledger.latestRuns(limit: 1).first?.id)
            let page = ReportPage.html(report, context)
            let path = out ?? ws.root + "/reports/REPORT_\(month).html"
            try OwnedFile.check(path, in: ws, ledger: settings.ledger, signature: .report, replacing: out == nil || force, kind: .refused)
            try ReportFile.write(page, to: path)
            return path
        }
        print(path)
    }

    /// The names of the workspace's reference data; where it cannot be read the report still
    /// comes out, with codes alone, and says why on stderr.
    private func names(_ ws: Workspace) -> ReportNames {
        do throws(YidiError) {
            return ReportNames(reference: try ReferenceData.load(directory: ws.referenceDirectory))
        } catch {
            Diagnostics.printLine("yidi: warning: names not shown, codes only: \(error.message)")
            return ReportNames()
        }
    }
}
