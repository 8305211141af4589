import ArgumentParser

/// The `yidi` command: a thin front end over `YidiCore`.
@main
struct Yidi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yidi",
        abstract: "Batch processor for cross-provincial direct settlement of basic medical insurance.",
        discussion: """
            Hospitals send the fee detail of directly settled visits as nightly gzip-compressed XML \
            drops. yidi validates them against the XSD schemas while streaming, and (as later \
            stages land) classifies every line, recomputes every settlement to the fen, records it \
            once in a ledger and writes the files for the insured provinces.
            """,
        subcommands: [Init.self, Run.self, ReprocessCommand.self, Clear.self, Prepay.self, Status.self, Validate.self])
}
