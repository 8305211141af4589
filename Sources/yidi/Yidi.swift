import ArgumentParser
import YidiCore

/// The `yidi` command: a thin front end over `YidiCore`.
@main
struct Yidi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yidi",
        abstract: "Batch processor for cross-provincial direct settlement of basic medical insurance.",
        discussion: """
            Hospitals send the fee detail of directly settled visits as nightly gzip-compressed XML \
            drops. yidi validates them against the XSD schemas while streaming, classifies every \
            line by the treatment place's catalog, recomputes every settlement and claim to the fen \
            under the insured place's policy, records each once in a ledger, writes the \
            acknowledgements and the files for the insured provinces, and every month the clearing \
            between provinces with its due dates, plus the yearly prepayments. Before a month is \
            cleared, the provinces confirm or exclude its entries and send audit deductions \
            (yidi recon, then their feedback drops).
            """,
        version: Version.description,
        subcommands: [
            Init.self, Run.self, ReprocessCommand.self, Clear.self, Recon.self, Prepay.self, Status.self, Validate.self,
            Explain.self, Report.self, LedgerCommand.self
        ])
}
