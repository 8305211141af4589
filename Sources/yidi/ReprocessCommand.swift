import ArgumentParser
import YidiCore

/// `yidi reprocess DROP_ID`.
struct ReprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprocess",
        abstract: "Process a rejected drop again, as a new attempt, against today's reference data.",
        discussion: """
            A run of one drop: takes the lock, gets a run id, and processes the file of the drop's \
            latest rejected attempt again (after, say, a missing mapping was added), writing its \
            acknowledgement with the original file name. Accepted: the file moves to \
            archive/YYYY-MM-DD/. Still rejected: it stays in rejected/ under the new attempt \
            number. A drop that is not rejected is refused, nothing written.

            Exit status: 0 accepted, 1 still rejected (its NAK is written), 65 the drop is not \
            rejected, 66 no such drop or its file is gone, 74 an I/O error, 75 locked, 78 settings \
            or reference data broken.
            """)

    @Argument(help: "The drop_id of a rejected drop.")
    var dropID: String

    @OptionGroup var workspace: WorkspaceOption

    func run() throws {
        Interruption.install()
        try SessionCommand.run(.reprocess, root: workspace.root) { (session) throws(YidiError) in
            CommandLogging.bootstrap(level: session.settings.logLevel)
            let summary = try Reprocess(session: session).run(dropID: dropID)
            summary.outcomes.forEach { print(RunOutput.line($0)) }
            RunOutput.printOutboxFailures(summary)
            print(RunOutput.summary(summary))
            return summary.exitCode
        }
    }
}
