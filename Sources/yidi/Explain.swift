import ArgumentParser
import YidiCore

/// `yidi explain SETL_ID|CLAIM_ID [--json]`.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how every amount of one settlement or claim came about.",
        discussion: """
            For an accepted settlement or claim (or a rejected one, from its latest attempt's \
            reading, marked so): each fee line from the hospital's code through the mapping row \
            and the catalog row (file, line, validity) to its category, class, price cap, class-B \
            share and four parts with their arithmetic; the sums; the hospital's grade on the \
            date; the policy row (file, line, and whether the exact area, the city or the \
            province found it) and the filing type's cut; the accumulators (for a claim, the \
            earlier records that add up to them); each settlement formula with its numbers, \
            ending with the shares as accepted; the drop, attempt, run, clearing period and any \
            reversal. The reference rows are read from the files the record's run used: from \
            reference/ when unchanged, else from reference-history/, else from today's file, \
            marked as possibly different. The person's name is not shown and the certificate \
            number only by its last four characters.

            Exit status: 0 explained, 66 not a workspace, or an id the ledger does not know, 74 the \
            ledger failed, 75 the ledger is busy, 78 settings broken.
            """)

    @Argument(help: ArgumentHelp("A setl_id or claim_id.", valueName: "id"))
    var id: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Write every term of a long sum in the text (the JSON always has them all).")
    var full = false

    @OptionGroup var workspace: WorkspaceOption
    @OptionGroup var lang: LanguageOption

    func run() throws {
        let ws = Workspace(root: workspace.root)
        let settings = try Diagnostics.orExit { () throws(YidiError) in try Settings.load(path: ws.settingsFile) }
        Diagnostics.use(lang.language(settings))
        let explanation = try Diagnostics.orExit { () throws(YidiError) -> Explanation? in
            let ledger = try WorkspaceSession.openLedgerForReading(settings.ledger, workspace: ws)
            return try Explainer.explain(id: id, ledger: ledger, workspace: ws)
        }
        guard let explanation else {
            throw Diagnostics.fail(YidiError(.noInput, zh: "账本中没有结算或手工报销 \(id)", en: "no settlement or claim \(id) in the ledger"))
        }
        print(
            json
                ? ExplainOutput.json(explanation, language: lang.language(settings)).rendered
                : explanation.text(in: lang.language(settings), full: full), terminator: json ? "\n" : "")
    }
}
