import ArgumentParser
import YidiCore

/// `yidi ledger …`: the ledger as a whole.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Work on the ledger as a whole.",
        subcommands: [LedgerCopyCommand.self])
}

/// `yidi ledger copy --to URL`.
struct LedgerCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the ledger, every table and row, into an empty ledger, checked row by row.",
        discussion: """
            Takes the workspace lock, copies every table of the workspace's ledger into the ledger \
            at URL — sqlite:PATH (relative to the workspace unless absolute; created if missing) or \
            postgres://USER@HOST:PORT/DB (an existing, empty database; the password from PGPASSWORD \
            or ~/.pgpass) — in one transaction, then reads both again and compares them row by row \
            (a digest of every value, table by table). The target must not hold any row. Point \
            yidi.toml's ledger setting at the copy to use it: SQLite to PostgreSQL and back.

            Exit status: 0 copied and checked, 65 the target is not empty or is the ledger itself, \
            70 the check found a difference (nothing is left in the target), 74 either ledger \
            failed, 75 locked or PostgreSQL unreachable, 78 a URL with a password in it.
            """)

    @Option(help: ArgumentHelp("The ledger to copy into.", valueName: "URL"))
    var to: String

    @OptionGroup var workspace: WorkspaceOption

    func validate() throws {
        guard LedgerLocation(to) != nil else { throw ValidationError("--to must be sqlite:PATH or postgres://…") }
    }

    func run() throws {
        try SessionCommand.run(.ledgerCopy, root: workspace.root) { (session) throws(YidiError) in
            let report = try session.copyLedger(to: LedgerLocation(to)!)
            let rows = report.tables.reduce(0) { $0 + $1.rows }
            print("copied \(report.tables.count) tables, \(rows) rows, checked row by row")
            for table in report.tables { print("  \(table.name) \(table.rows)") }
            return 0
        }
    }
}
